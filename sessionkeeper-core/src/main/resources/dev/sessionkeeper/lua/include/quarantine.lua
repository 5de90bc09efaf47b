-- @include names
-- @include meta
-- @include events
-- @include index
-- Moves a corrupt session aside instead of deleting it: the request path treats it as gone,
-- an operator can still inspect it for `ttl` ms, and because it is gone from its usual key it
-- is reported exactly once. It still ends like any session: off both indexes, with one
-- terminal event, 'destroyed' with reason 'corrupt' and no snapshot (the data is not trusted).
-- As in end_session, the event is appended before anything moves.
--
-- `value` is what the caller's GET read (under pcall). The principal, needed to take the
-- session off the principal index, is taken from the body when it still unpacks to a map with
-- a string '@p'; otherwise the index entry stays: with the due entry gone and the key moved, it
-- is a 'stale' entry that the principal's next listing drops (include/principal_scan.lua), so
-- listings stay exact either way.
local function quarantine(keys, quarantine_key, id, ttl, now, maxlen, value)
  local principal = nil
  if type(value) == 'string' and #value > HEADER_BYTES then
    local ok, _, fields = pcall(cmsgpack.unpack_one, value, HEADER_BYTES)
    if ok and type(fields) == 'table' and type(fields[META.principal]) == 'string' then
      principal = fields[META.principal]
    end
  end
  local deadline = redis.call('ZSCORE', keys.due, id)
  if deadline then
    append_event(keys.events, maxlen, {EVENT.type, EVENT_TYPE.destroyed, EVENT.sid, id, EVENT.deadline, deadline, EVENT.at, now,
      EVENT.reason, REASON.corrupt, EVENT.snapshot, SNAPSHOT.none})
    redis.call('ZREM', keys.due, id)
  end
  redis.call('RENAME', keys.session, quarantine_key)
  redis.call('PEXPIRE', quarantine_key, ttl)
  if principal then
    redis.call('ZREM', keys.principals, index_member(principal, id))
  end
end
