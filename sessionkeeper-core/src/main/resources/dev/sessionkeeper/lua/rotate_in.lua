--[[
  The second half of an id rotation, or a fresh sign-in: writes a session under its new id, in
  the principal's shard, indexes it, and enforces the principal's session limit.

  KEYS[1]  session hash           <ns>:{<shard>}:s:<new id>
  KEYS[2]  due index (zset)       <ns>:{<shard>}:due
  KEYS[3]  event stream           <ns>:{<shard>}:events
  KEYS[4]  principal index        <ns>:{<shard>}:principals
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
  ARGV[13] predecessor id (for the 'created' event), or ''
  ARGV[14..] attribute field, encoded value, ... (fields carry the '.' prefix)

  Returns {1, now ms, deadline ms, created ms}; {0} when the new id is taken; {-2, live count}
  when the limit is reached and the policy is 'refuse' (nothing written).

  Guarantee: the session, its deadline, its index entry and the limit check are one step: two
  sign-ins racing cannot both squeeze under the limit, and the index never lists a session
  that does not exist or misses one that does.
]]
-- @include clock
-- @include deadline
-- @include meta
-- @include schedule
-- @include fields
-- @include events
-- @include index
-- @include principal_scan

local K = {session = KEYS[1], due = KEYS[2], events = KEYS[3], principals = KEYS[4]}
local id = ARGV[1]
local principal = ARGV[2]
local maxlen = tonumber(ARGV[5])
local spec = ARGV[6]
duration_arg(ARGV[4], 'expiry grace', 1)
duration_arg(ARGV[11], 'idle timeout', 1)
duration_arg(ARGV[12], 'absolute timeout', 0)
if redis.call('EXISTS', K.session) == 1 then
  return {0}
end
local now = now_ms()

local limit = tonumber(ARGV[8])
if principal ~= '' and limit > 0 then
  local live = live_sessions(K, principal, ARGV[3], now, maxlen, spec)
  if #live >= limit and ARGV[9] == 'refuse' then
    return {-2, #live}
  end
  table.sort(live, function(a, b) return a.meta['@a'] < b.meta['@a'] end)
  for i = 1, #live - limit + 1 do
    local s = live[i]
    local S = {session = ARGV[3] .. s.id, due = K.due, events = K.events, principals = K.principals}
    end_session(S, s.id, 'destroyed', 'evicted-by-limit', now, s.meta['@d'], redis.call('HGETALL', s.key),
      principal, maxlen, spec)
  end
end

local idle = tonumber(ARGV[11])
local absolute = tonumber(ARGV[12])
local created = tonumber(ARGV[10]) or now
local deadline = deadline_of(created, now, idle, absolute)
if deadline <= now then
  -- The carried-over session had reached its absolute timeout in between: start afresh.
  created = now
  deadline = deadline_of(created, now, idle, absolute)
end

local ttl_at = ttl_target(deadline, tonumber(ARGV[4]))
redis.call('HSET', K.session, '@c', created, '@a', now, '@i', idle, '@x', absolute, '@d', deadline, '@v', 0,
  '@t', ttl_at)
if principal ~= '' then
  redis.call('HSET', K.session, '@p', principal)
  redis.call('ZADD', K.principals, 0, index_member(principal, id))
end
hset_slice(K.session, 14, #ARGV)
schedule(K.session, K.due, id, deadline, ttl_at)
if ARGV[7] == '1' then
  local fields = {'type', 'created', 'sid', id, 'deadline', deadline, 'at', now}
  if principal ~= '' then
    table.insert(fields, 'principal')
    table.insert(fields, principal)
  end
  if ARGV[13] ~= '' then
    table.insert(fields, 'predecessor')
    table.insert(fields, ARGV[13])
  end
  append_event(K.events, maxlen, fields)
end
return {1, now, deadline, created}
