--[[
  Lists the sessions of one shard whose deadline has come: the first half of an expiry batch.

  KEYS[1]  due index (zset)       <ns>:{<shard>}:due
  ARGV[1]  the most ids to return

  Returns {now ms, next deadline ms after now or -1 when none, backlog, id, id, ...}, where
  backlog counts all the shard's sessions whose deadline has come.

  Guarantee: read-only, and judged by Redis's clock. The ids are only candidates: expire.lua
  checks each again, so a session touched between the two calls is not expired.

  Why two scripts and not one: expiring needs the session keys, and a script should name
  every key it touches in KEYS (Redis Cluster routes by them, and proxies rely on it). Only
  after this call does the worker know which session keys to name.
]]
-- @include clock

local now = now_ms()
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
local next_due = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
local backlog = #ids < tonumber(ARGV[1]) and #ids or redis.call('ZCOUNT', KEYS[1], '-inf', now)
local reply = {now, next_due[2] and tonumber(next_due[2]) or -1, backlog}
for i = 1, #ids do
  reply[#reply + 1] = ids[i]
end
return reply
