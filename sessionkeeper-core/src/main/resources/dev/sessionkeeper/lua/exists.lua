--[[
  Tells whether a session is live, without touching it.

  KEYS[1]  session (string)       <ns>:{<shard>}:s:<id>

  Returns OK when the session exists and its deadline is still ahead, else NONE (include/codes.lua).

  Guarantee: read-only; judged by Redis's clock, so it agrees with find at the same instant. Only
  the 64-byte header is read (GETRANGE), never the body, so the cost does not grow with the
  session: a session whose body is corrupt reads as live here until a find quarantines it.
]]
-- @include clock
-- @include meta
-- @include codes

-- A key of another type reads as an error and a missing one as '': neither has a header.
local m = read_header(redis.pcall('GETRANGE', KEYS[1], 0, HEADER_BYTES - 1))
if not m or now_ms() >= m.deadline then
  return CODE.NONE
end
return CODE.OK
