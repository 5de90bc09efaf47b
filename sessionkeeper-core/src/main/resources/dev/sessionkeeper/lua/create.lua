--[[
  Creates a session with its first attributes.

  KEYS[1]  session (string)       <ns>:{<shard>}:s:<id>
  KEYS[2]  due index (zset)       <ns>:{<shard>}:due
  KEYS[3]  event stream           <ns>:{<shard>}:events
  ARGV[1]  session id
  ARGV[2]  idle timeout ms
  ARGV[3]  absolute timeout ms (0: none)
  ARGV[4]  grace ms kept past the deadline in the key's TTL
  ARGV[5]  event stream max length (approximate)
  ARGV[6]  '1' to write a 'created' event, '0' not to
  ARGV[7..] attribute field, encoded value, field, value, ... (fields carry the '.' prefix)

  Returns {OK, now ms, deadline ms}, or {TAKEN} when the id is taken (never overwrites a session).
  Codes: include/codes.lua.
  Fails, writing nothing, when a duration is out of range (include/meta.lua: duration_arg).

  Guarantee: the session, its TTL, its due-index entry and its 'created' event appear together
  or not at all, with deadlines taken from Redis's clock.
]]
-- @include names
-- @include clock
-- @include deadline
-- @include meta
-- @include schedule
-- @include fields
-- @include events
-- @include codes

local idle = duration_arg(ARGV[2], 'idle timeout', 1)
local absolute = duration_arg(ARGV[3], 'absolute timeout', 0)
local grace = duration_arg(ARGV[4], 'expiry grace', 1)
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {CODE.TAKEN}
end
local id = ARGV[1]
local now = now_ms()
local deadline = deadline_of(now, now, idle, absolute)
local ttl_at = ttl_target(deadline, grace)

local fields = {}
set_fields(fields, ARGV, 7, #ARGV)
redis.call('SET', KEYS[1], session_value({created = now, last_access = now, idle = idle, absolute = absolute,
  deadline = deadline, version = 0, ttl_at = ttl_at, fence = 0}, fields))
schedule(KEYS[1], KEYS[2], id, deadline, ttl_at)
if ARGV[6] == '1' then
  append_event(KEYS[3], tonumber(ARGV[5]), {EVENT.type, EVENT_TYPE.created, EVENT.sid, id, EVENT.deadline, deadline, EVENT.at, now})
end
return {CODE.OK, now, deadline}
