--[[
  Tells whether a session is live, without touching it.

  KEYS[1]  session hash           <ns>:{<shard>}:s:<id>

  Returns 1 when the session exists and its deadline is still ahead, else 0.

  Guarantee: read-only; judged by Redis's clock, so it agrees with find at the same instant.
]]
-- @include names
-- @include clock
-- @include meta

local deadline = meta_int(redis.pcall('HGET', KEYS[1], META.deadline))
if not deadline or now_ms() >= deadline then
  return 0
end
return 1
