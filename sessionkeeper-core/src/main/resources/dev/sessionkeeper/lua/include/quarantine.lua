-- @include names
-- @include events
-- @include index
-- Moves a corrupt session aside instead of deleting it: the request path treats it as gone,
-- an operator can still inspect it for `ttl` ms, and because it is gone from its usual key it
-- is reported exactly once. It still ends like any session: off both indexes, with one
-- terminal event, 'destroyed' with reason 'corrupt' and no snapshot (the data is not trusted).
-- As in end_session, the event is appended before anything moves.
local function quarantine(keys, quarantine_key, id, ttl, now, maxlen)
  local principal = redis.pcall('HGET', keys.session, META.principal)
  local deadline = redis.call('ZSCORE', keys.due, id)
  if deadline then
    append_event(keys.events, maxlen, {EVENT.type, EVENT_TYPE.destroyed, EVENT.sid, id, EVENT.deadline, deadline, EVENT.at, now,
      EVENT.reason, REASON.corrupt, EVENT.snapshot, SNAPSHOT.none})
    redis.call('ZREM', keys.due, id)
  end
  redis.call('RENAME', keys.session, quarantine_key)
  redis.call('PEXPIRE', quarantine_key, ttl)
  if type(principal) == 'string' then
    redis.call('ZREM', keys.principals, index_member(principal, id))
  end
end
