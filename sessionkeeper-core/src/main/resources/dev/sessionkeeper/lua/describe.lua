--[[
  Reads a session for an operator, without touching it.

  KEYS[1]  session hash           <ns>:{<shard>}:s:<id>

  Returns {now ms, field, value, field, value, ...}: the whole hash (metadata and attributes)
  as HGETALL gives it; only {now ms} when the session is not in Redis.

  Guarantee: read-only: unlike find.lua it neither slides the deadline nor ends a session
  past it, so looking at a session cannot keep it alive. The caller compares the deadline
  (in the header, '@m') with now, both by Redis's clock.
]]
-- @include clock

local reply = {now_ms()}
for _, v in ipairs(redis.call('HGETALL', KEYS[1])) do
  reply[#reply + 1] = v
end
return reply
