--[[
  The second half of an id rotation, or a fresh sign-in: writes a session under its new id, in
  the principal's shard, indexes it, and enforces the principal's session limit.

  KEYS[1]  session (string)       <ns>:{<shard>}:s:<new id>
  KEYS[2]  due index (zset)       <ns>:{<shard>}:due
  KEYS[3]  event stream           <ns>:{<shard>}:events
  KEYS[4]  principal index        <ns>:{<shard>}:principals
  KEYS[5..] session keys of the principal this call may read or end: the ids an earlier
           {UNDECLARED, ...} reply asked for (none on a first call)
  ARGV[1]  new session id
  ARGV[2]  principal, or '' for a session without one
  ARGV[3]  session key prefix of the shard, '<ns>:{<shard>}:s:'
  ARGV[4]  grace ms kept past the deadline in the key's TTL
  ARGV[5]  event stream max length (approximate)
  ARGV[6]  snapshot spec for terminal events: '' none, '*' all, or a JSON array of names
  ARGV[7]  '1' to write a 'created' event, '0' not to
  ARGV[8]  maximum live sessions of the principal, 0 for no limit
  ARGV[9]  'evict' (end the least recently used) or 'refuse' (fail the sign-in) at the limit
  ARGV[10] creation time ms to carry over, or '' for now
  ARGV[11] idle timeout ms
  ARGV[12] absolute timeout ms (0: none)
  ARGV[13] predecessor id (for the 'created' event), or ''; not counted against the limit: the
           rotation ends it
  ARGV[14] 'create': a new id (refused if taken, the limit checked); 'fill': the session under
           this id was reserved by a 'create' of this principal and gets its data and timeouts
           now (no limit check, no event: the reservation wrote them)
  ARGV[15] index entries the limit check reads at most (more than the limit)
  ARGV[16] sessions evicted at most, and ids an {UNDECLARED} reply names at most
  ARGV[17..] attribute field, encoded value, ... (fields carry the '.' prefix)

  Returns {OK, now ms, deadline ms, created ms}; {TAKEN} when the new id is taken ('create') or
  the reservation is gone ('fill'); {LIMIT_REACHED, live count} when the limit is reached and the
  policy is 'refuse'; {UNDECLARED, id, ...} when the limit needs sessions to evict whose keys
  were not declared: call again declaring these; {BACKLOG, entries} when the limit check met more
  entries past their deadline than it reads. Nothing is written unless the reply is {OK, ...}.
  Codes: include/codes.lua.

  Guarantee: the session, its deadline, its index entry and the limit check are one step: two
  sign-ins racing cannot both squeeze under the limit, and the index never lists a session
  that does not exist or misses one that does. The limit counts live sessions by the due index,
  so it needs no session key; only the sessions it evicts must be declared. Work is bounded by
  ARGV[15] entries and ARGV[16] evictions per call.
]]
-- @include names
-- @include clock
-- @include deadline
-- @include meta
-- @include schedule
-- @include fields
-- @include events
-- @include index
-- @include principal_scan
-- @include codes

local K = {session = KEYS[1], due = KEYS[2], events = KEYS[3], principals = KEYS[4]}
local id = ARGV[1]
local principal = ARGV[2]
local maxlen = tonumber(ARGV[5])
local spec = ARGV[6]
local grace = duration_arg(ARGV[4], 'expiry grace', 1)
local idle = duration_arg(ARGV[11], 'idle timeout', 1)
local absolute = duration_arg(ARGV[12], 'absolute timeout', 0)
local fill = ARGV[14] == 'fill'
local now = now_ms()
local version, fence = 0, 0
local fields = {}
if fill then
  -- The reservation's fields are kept (its principal, and whatever '@' entries a newer version
  -- wrote), and so are its version and fencing counter, which only grow.
  local m, reserved = read_session(redis.pcall('GET', K.session))
  if not m or reserved[META.principal] ~= principal or now >= m.deadline then
    return {CODE.TAKEN}
  end
  version, fence, fields = m.version, m.fence, reserved
elseif redis.call('EXISTS', K.session) == 1 then
  return {CODE.TAKEN}
end

local limit = tonumber(ARGV[8])
local page = nil
local victims = {}
if not fill and principal ~= '' and limit > 0 then
  local count = tonumber(ARGV[15])
  local ids, full = page_ids(K, principal, '', count)
  page = sort_page(K, ids, declared_sessions(KEYS, 5, ARGV[3]), now, ARGV[13])
  local live = #page.live + #page.undeclared
  if live >= limit then
    if ARGV[9] == 'refuse' then
      return {CODE.LIMIT_REACHED, live}
    end
    local needed = live - limit + 1
    if #page.live == 0 then
      -- Candidates: the live sessions closest to their deadline, a good guess at the least
      -- recently used; the next call reads their last access and picks.
      local candidates = {}
      for _, s in ipairs(page.live) do
        candidates[#candidates + 1] = {id = s.id, deadline = s.meta.deadline}
      end
      for _, u in ipairs(page.undeclared) do
        candidates[#candidates + 1] = {id = u, deadline = tonumber(redis.call('ZSCORE', K.due, u))}
      end
      table.sort(candidates, function(a, b) return a.deadline < b.deadline end)
      local reply = {CODE.UNDECLARED}
      for i = 1, math.min(#candidates, tonumber(ARGV[16])) do
        reply[#reply + 1] = candidates[i].id
      end
      return reply
    end
    -- A principal far over the limit (it was lowered) loses at most the declared sessions per
    -- sign-in: the limit bounds a call's work too.
    table.sort(page.live, function(a, b) return a.meta.last_access < b.meta.last_access end)
    for i = 1, math.min(needed, #page.live, tonumber(ARGV[16])) do
      victims[i] = page.live[i]
    end
  elseif full then
    return {CODE.BACKLOG, #ids}
  end
end

-- Decided: from here on the call writes.
if page then
  end_dead(K, principal, page, now, maxlen, spec)
  for _, s in ipairs(victims) do
    local S = {session = s.key, due = K.due, events = K.events, principals = K.principals}
    end_session(S, s.id, EVENT_TYPE.destroyed, REASON.evicted_by_limit, now, s.meta.deadline, stored_fields(s),
      principal, maxlen, spec)
  end
end

local created = tonumber(ARGV[10]) or now
local deadline = deadline_of(created, now, idle, absolute)
if deadline <= now then
  -- The carried-over session had reached its absolute timeout in between: start afresh.
  created = now
  deadline = deadline_of(created, now, idle, absolute)
end

local ttl_at = ttl_target(deadline, grace)
set_fields(fields, ARGV, 17, #ARGV)
local indexed = not fill and principal ~= ''
if indexed then
  fields[META.principal] = principal
end
redis.call('SET', K.session, session_value({created = created, last_access = now, idle = idle, absolute = absolute,
  deadline = deadline, version = version, ttl_at = ttl_at, fence = fence}, fields))
if indexed then
  redis.call('ZADD', K.principals, 0, index_member(principal, id))
end
schedule(K.session, K.due, id, deadline, ttl_at)
if ARGV[7] == '1' and not fill then
  local fields = {EVENT.type, EVENT_TYPE.created, EVENT.sid, id, EVENT.deadline, deadline, EVENT.at, now}
  if principal ~= '' then
    table.insert(fields, EVENT.principal)
    table.insert(fields, principal)
  end
  if ARGV[13] ~= '' then
    table.insert(fields, EVENT.predecessor)
    table.insert(fields, ARGV[13])
  end
  append_event(K.events, maxlen, fields)
end
return {CODE.OK, now, deadline, created}
