-- @include names
-- @include index
-- The event log: one stream per shard, written in the same script as the change it reports,
-- so an event exists if and only if its change happened.
--
-- Event fields: type, sid, principal, deadline (ms), at (ms, Redis clock), reason, successor,
-- predecessor, snapshot ('none' | 'taken' | 'truncated' | 'lost'), snapshot-omitted (with
-- 'truncated': how many attributes were left out), and one '.name' field per attribute in
-- the snapshot.

-- A snapshot carries at most this many attributes and this many bytes of names and values.
-- The bound keeps every XADD far below what Lua can unpack (about 8,000 values) and keeps one
-- event from holding a whole large session; what does not fit is counted in
-- 'snapshot-omitted' and the snapshot is marked 'truncated'.
local SNAPSHOT_MAX_ATTRIBUTES = 1000
local SNAPSHOT_MAX_BYTES = 256 * 1024

-- Retention. `maxlen` (eventsMaxLength) is the soft bound: entries beyond it are trimmed, but
-- never one that an existing consumer group has not yet been delivered. The hard bound, a
-- fixed multiple of it, holds whatever the groups do: it is what bounds memory when a group
-- stalls, and entries it takes from a group are reported by inspect_shard.lua as lost.
local EVENTS_HARD_FACTOR = 10
-- Trimming removes whole stream nodes (100 entries by default), so it is tried only once the
-- stream is a node past its bound.
local TRIM_SLACK = 100

-- A stream id 'ms-seq' as two numbers (both stay exact in a double for any real stream).
local function id_parts(id)
  local dash = string.find(id, '-', 1, true)
  return tonumber(string.sub(id, 1, dash - 1)), tonumber(string.sub(id, dash + 1))
end

local function id_before(a, b)
  local ams, aseq = id_parts(a)
  local bms, bseq = id_parts(b)
  return ams < bms or (ams == bms and aseq < bseq)
end

-- The first id that some consumer group has not yet been delivered (the slowest group's last
-- delivered id, plus one), or nil when the stream has no groups. Entries before it have
-- reached every group.
local function undelivered_floor(stream)
  local slowest = nil
  for _, info in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
    for i = 1, #info, 2 do
      if info[i] == 'last-delivered-id' then
        if slowest == nil or id_before(info[i + 1], slowest) then
          slowest = info[i + 1]
        end
      end
    end
  end
  if not slowest then
    return nil
  end
  local ms, seq = id_parts(slowest)
  return string.format('%.0f-%.0f', ms, seq + 1)
end

-- Trims a stream to `keep` entries (approximately), or to `min_id` when one is given, but
-- never past the slowest group's delivery point.
local function trim_retained(stream, keep, min_id)
  local floor = undelivered_floor(stream)
  if min_id and (floor == nil or id_before(min_id, floor)) then
    floor = min_id
  end
  if min_id then
    return redis.call('XTRIM', stream, 'MINID', '~', floor)
  end
  if floor == nil then
    return redis.call('XTRIM', stream, 'MAXLEN', '~', keep)
  end
  local excess = redis.call('XLEN', stream) - keep
  if excess <= 0 then
    return 0
  end
  return redis.call('XTRIM', stream, 'MINID', '~', floor, 'LIMIT', excess)
end

local function append_event(stream, maxlen, fields)
  redis.call('XADD', stream, 'MAXLEN', '~', maxlen * EVENTS_HARD_FACTOR, '*', unpack(fields))
  if redis.call('XLEN', stream) > maxlen + TRIM_SLACK then
    trim_retained(stream, maxlen, nil)
  end
end

-- Adds the snapshot fields to an event. `spec` is '' (none), '*' (all attributes) or a JSON
-- array of attribute names; `fields` is the session's fields (include/meta.lua's read_session),
-- or nil when Redis has already dropped the data. The attributes are taken in the order of the
-- spec's names, or for '*' in byte order of their names: a Lua table has no order of its own,
-- and which attributes a truncated snapshot keeps must not depend on how a table was built.
local function add_snapshot(fields, session, spec)
  if spec == '' then
    table.insert(fields, EVENT.snapshot)
    table.insert(fields, SNAPSHOT.none)
    return
  end
  if not session then
    table.insert(fields, EVENT.snapshot)
    table.insert(fields, SNAPSHOT.lost)
    return
  end
  local names = {}
  if spec == '*' then
    for f in pairs(session) do
      if string.byte(f, 1) == ATTRIBUTE_BYTE then
        names[#names + 1] = f
      end
    end
    table.sort(names)
  else
    local seen = {}
    for _, name in ipairs(cjson.decode(spec)) do
      local f = ATTRIBUTE_PREFIX .. name
      if session[f] and not seen[f] then
        seen[f] = true
        names[#names + 1] = f
      end
    end
  end
  local taken, bytes, omitted = {}, 0, 0
  for _, f in ipairs(names) do
    local v = session[f]
    local size = #f + #v
    if #taken < 2 * SNAPSHOT_MAX_ATTRIBUTES and bytes + size <= SNAPSHOT_MAX_BYTES then
      taken[#taken + 1] = f
      taken[#taken + 1] = v
      bytes = bytes + size
    else
      omitted = omitted + 1
    end
  end
  table.insert(fields, EVENT.snapshot)
  if omitted > 0 then
    table.insert(fields, SNAPSHOT.truncated)
    table.insert(fields, EVENT.snapshot_omitted)
    table.insert(fields, omitted)
  else
    table.insert(fields, SNAPSHOT.taken)
  end
  for i = 1, #taken do
    table.insert(fields, taken[i])
  end
end

-- Ends a session: writes its one terminal event, then deletes it and takes it off the due
-- index and the principal index. Every path that ends a session (worker, lazy expiry,
-- destroy, rotation, limit eviction, logout everywhere) goes through here, and each first
-- checks that the session is still on the due index or still has its data, so whichever path
-- comes first writes the event and the others find nothing to do.
--
-- The event is built completely and appended before anything is deleted: if the append fails
-- (Redis refuses a script's first write when it is out of memory), the script stops with the
-- session untouched, so no script can delete a session without writing its event.
--   kind: 'expired' | 'destroyed' | 'rotated'; detail: the reason or the successor id
--   session: the session's fields (include/meta.lua's read_session), nil when Redis dropped them
--   principal: the principal if known without the data (index scans), else nil
local function end_session(keys, id, kind, detail, now, deadline, session, principal, maxlen, spec)
  local fields = {EVENT.type, kind, EVENT.sid, id, EVENT.deadline, deadline, EVENT.at, now}
  principal = principal or (session and session[META.principal])
  if principal then
    table.insert(fields, EVENT.principal)
    table.insert(fields, principal)
  end
  if kind == EVENT_TYPE.destroyed then
    table.insert(fields, EVENT.reason)
    table.insert(fields, detail)
  elseif kind == EVENT_TYPE.rotated then
    table.insert(fields, EVENT.successor)
    table.insert(fields, detail)
  end
  add_snapshot(fields, session, spec)
  append_event(keys.events, maxlen, fields)
  redis.call('DEL', keys.session)
  redis.call('ZREM', keys.due, id)
  if principal then
    redis.call('ZREM', keys.principals, index_member(principal, id))
  end
end

-- True when a caught script error is Redis refusing a write for want of memory (maxmemory
-- with the noeviction policy). Such a refusal comes before the script's first write, so
-- nothing has been written when it is caught.
local function out_of_memory(err)
  local message = type(err) == 'table' and err.err or tostring(err)
  return type(message) == 'string' and string.find(message, 'OOM', 1, true) ~= nil
end
