--[[
  Writes the attributes a request changed, and nothing else.

  KEYS[1]  session hash           <ns>:{<shard>}:s:<id>
  KEYS[2]  due index (zset)       <ns>:{<shard>}:due
  ARGV[1]  session id
  ARGV[2]  grace ms kept past the deadline in the key's TTL
  ARGV[3]  new idle timeout ms, or '' to keep the current one
  ARGV[4]  n, the number of attributes to set
  ARGV[5 .. 4+2n]   field, encoded value, ... to set (fields carry the '.' prefix)
  ARGV[5+2n ..]     fields to delete

  Returns {1, new version, deadline ms} when saved, 0 when the session is gone (never existed,
  expired, destroyed): then nothing at all is written.

  Guarantee: no resurrection. A save never recreates a session, because the existence and
  deadline check and the writes are one atomic step. Fields are set one by one, so concurrent
  saves of different attributes never undo each other.
]]
-- @include clock
-- @include deadline
-- @include expire
-- @include schedule
-- @include fields

local id = ARGV[1]
local meta = redis.pcall('HMGET', KEYS[1], '@c', '@a', '@i', '@x', '@d')
if meta.err then
  return 0
end
local created, last_access, idle, absolute, deadline =
  tonumber(meta[1]), tonumber(meta[2]), tonumber(meta[3]), tonumber(meta[4]), tonumber(meta[5])
if not (created and last_access and idle and absolute and deadline) then
  -- Missing, or corrupt: the next find quarantines a corrupt hash; a save must not touch it.
  return 0
end
local now = now_ms()
if now >= deadline then
  expire_session(KEYS[1], KEYS[2], id)
  return 0
end

if ARGV[3] ~= '' then
  idle = tonumber(ARGV[3])
  deadline = deadline_of(created, last_access, idle, absolute)
  redis.call('HSET', KEYS[1], '@i', idle, '@d', deadline)
  schedule(KEYS[1], KEYS[2], id, deadline, tonumber(ARGV[2]))
end

local n = tonumber(ARGV[4])
hset_slice(KEYS[1], 5, 4 + 2 * n)
hdel_slice(KEYS[1], 5 + 2 * n, #ARGV)
local version = redis.call('HINCRBY', KEYS[1], '@v', 1)
return {1, version, deadline}
