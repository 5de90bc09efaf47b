--[[
  Tells whether a session is live, without touching it.

  KEYS[1]  session hash           <ns>:{<shard>}:s:<id>

  Returns OK when the session exists and its deadline is still ahead, else NONE (include/codes.lua).

  Guarantee: read-only; judged by Redis's clock, so it agrees with find at the same instant.
]]
-- @include names
-- @include clock
-- @include meta
-- @include codes

local m = read_header(redis.pcall('HGET', KEYS[1], META.header))
if not m or now_ms() >= m.deadline then
  return CODE.NONE
end
return CODE.OK
