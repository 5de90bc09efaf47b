--[[
  Loads a session and slides its idle deadline: one call per request that reads a session.

  KEYS[1]  session hash           <ns>:{<shard>}:s:<id>
  KEYS[2]  due index (zset)       <ns>:{<shard>}:due
  KEYS[3]  event stream           <ns>:{<shard>}:events
  KEYS[4]  principal index        <ns>:{<shard>}:principals
  KEYS[5]  quarantine key         <ns>:{<shard>}:corrupt:<id>
  ARGV[1]  session id
  ARGV[2]  grace ms kept past the deadline in the key's TTL (see include/schedule.lua)
  ARGV[3]  how long a quarantined hash is kept, ms
  ARGV[4]  event stream max length (approximate)
  ARGV[5]  snapshot spec for terminal events: '' none, '*' all, or a JSON array of names

  Returns {1, now ms, new deadline ms, {field, value, ...}} for a live session (the fields as
  stored before this touch: the caller takes last access and deadline from the reply), {0}
  when the session does not exist or its deadline has passed, {-1} when the data is corrupt
  (it has been moved to the quarantine key).

  Guarantee: never returns a session at or past its deadline: such a session is expired here,
  with its one 'expired' event, if no worker got to it first. A session touched before its
  deadline gets its new deadline in the same atomic step, so no worker can expire it between.
]]
-- @include clock
-- @include deadline
-- @include meta
-- @include schedule
-- @include events
-- @include quarantine

local K = {session = KEYS[1], due = KEYS[2], events = KEYS[3], principals = KEYS[4]}
local id = ARGV[1]
local maxlen = tonumber(ARGV[4])
local flat = redis.pcall('HGETALL', K.session)
if flat.err then
  -- Not a hash at all: someone wrote another type under our key.
  quarantine(K, KEYS[5], id, tonumber(ARGV[3]), now_ms(), maxlen)
  return {-1}
end
if #flat == 0 then
  return {0}
end
local m = read_meta(flat)
local now = now_ms()
if not m then
  quarantine(K, KEYS[5], id, tonumber(ARGV[3]), now, maxlen)
  return {-1}
end

if now >= m['@d'] then
  end_session(K, id, 'expired', nil, now, m['@d'], flat, nil, maxlen, ARGV[5])
  return {0}
end

local deadline = deadline_of(m['@c'], now, m['@i'], m['@x'])
local grace = tonumber(ARGV[2])
if deadline + grace > (m['@t'] or 0) then
  local ttl_at = ttl_target(deadline, grace)
  redis.call('HSET', K.session, '@a', now, '@d', deadline, '@t', ttl_at)
  redis.call('PEXPIREAT', K.session, ttl_at)
else
  redis.call('HSET', K.session, '@a', now, '@d', deadline)
end
if deadline ~= m['@d'] then
  redis.call('ZADD', K.due, deadline, id)
end
return {1, now, deadline, flat}
