--[[
  Records that an expiry worker is alive, and what it is doing.

  KEYS[1]  worker registry (zset) <ns>:{workers}               worker id -> last seen ms
  KEYS[2]  the worker's hash      <ns>:{workers}:<worker id>
  ARGV[1]  worker id
  ARGV[2]  how long the registry and the hash live without another heartbeat, ms
  ARGV[3..] field, value, ... to store in the hash (host, pid, shards, expired, ...)

  Returns now ms.

  Guarantee: the registry entry and the hash are written together (one slot: both carry the
  {workers} tag), with 'seen' set from Redis's clock, so readers compare it with TIME and never
  with a worker's clock; 'started' is set by the first heartbeat. Entries not seen for the
  retention are removed, so neither key grows without bound or outlives the workers by long.
]]
-- @include clock

local now = now_ms()
local retention = tonumber(ARGV[2])
local fields = {'seen', now}
for i = 3, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
if not redis.call('HGET', KEYS[2], 'started') then
  fields[#fields + 1] = 'started'
  fields[#fields + 1] = now
end
redis.call('HSET', KEYS[2], unpack(fields))
redis.call('PEXPIRE', KEYS[2], retention)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - retention))
redis.call('PEXPIRE', KEYS[1], retention)
return now
