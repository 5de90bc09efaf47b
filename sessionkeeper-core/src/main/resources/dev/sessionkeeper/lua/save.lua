--[[
  Writes the attributes a request changed, and nothing else.

  KEYS[1]  session hash           <ns>:{<shard>}:s:<id>
  KEYS[2]  due index (zset)       <ns>:{<shard>}:due
  KEYS[3]  event stream           <ns>:{<shard>}:events
  ARGV[1]  session id
  ARGV[2]  grace ms kept past the deadline in the key's TTL
  ARGV[3]  event stream max length (approximate)
  ARGV[4]  snapshot spec for terminal events: '' none, '*' all, or a JSON array of names
  ARGV[5]  new idle timeout ms, or '' to keep the current one
  ARGV[6]  n, the number of attributes to set
  ARGV[7 .. 6+2n]   field, encoded value, ... to set (fields carry the '.' prefix)
  ARGV[7+2n ..]     fields to delete

  Returns {1, new version, deadline ms} when saved, {0} when the session is gone (never
  existed, expired, destroyed): then nothing at all is written, except that a session found
  past its deadline is expired here with its one 'expired' event.

  Guarantee: no resurrection. A save never recreates a session, because the existence and
  deadline check and the writes are one atomic step. Fields are set one by one, so concurrent
  saves of different attributes never undo each other.
]]
-- @include clock
-- @include deadline
-- @include schedule
-- @include fields
-- @include events

local id = ARGV[1]
local meta = redis.pcall('HMGET', KEYS[1], '@c', '@a', '@i', '@x', '@d')
if meta.err then
  return {0}
end
local created, last_access, idle, absolute, deadline =
  tonumber(meta[1]), tonumber(meta[2]), tonumber(meta[3]), tonumber(meta[4]), tonumber(meta[5])
if not (created and last_access and idle and absolute and deadline) then
  -- Missing, or corrupt: the next find quarantines a corrupt hash; a save must not touch it.
  return {0}
end
local now = now_ms()
if now >= deadline then
  end_session(KEYS[1], KEYS[2], KEYS[3], id, 'expired', nil, now, deadline,
    redis.call('HGETALL', KEYS[1]), tonumber(ARGV[3]), ARGV[4])
  return {0}
end

if ARGV[5] ~= '' then
  idle = tonumber(ARGV[5])
  deadline = deadline_of(created, last_access, idle, absolute)
  redis.call('HSET', KEYS[1], '@i', idle, '@d', deadline)
  schedule(KEYS[1], KEYS[2], id, deadline, tonumber(ARGV[2]))
end

local n = tonumber(ARGV[6])
hset_slice(KEYS[1], 7, 6 + 2 * n)
hdel_slice(KEYS[1], 7 + 2 * n, #ARGV)
local version = redis.call('HINCRBY', KEYS[1], '@v', 1)
return {1, version, deadline}
