--[[
  Takes a session's lock, if it is free, and issues a fencing token.

  KEYS[1]  lock key               <ns>:{<shard>}:lock:<id>
  KEYS[2]  session (string)       <ns>:{<shard>}:s:<id>
  ARGV[1]  owner (unique per lock attempt)
  ARGV[2]  lease ms

  Returns {OK, lock value '<owner>:<token>'} when taken; {HELD, ms left on the holder's lease}
  when held by someone else; {NONE} when the session is gone. Codes: include/codes.lua.

  Guarantee: the token comes from a counter in the session itself (the header's eighth number,
  include/meta.lua) that only grows, so a later holder always has a larger token, and a save
  fenced with an old lock value is refused. Only the 64-byte header is read and rewritten in
  place (GETRANGE, SETRANGE), never the body.
]]
-- @include clock
-- @include meta
-- @include codes

duration_arg(ARGV[2], 'lease', 1)
-- One read for both: the header says whether the session is live and holds the counter. A key
-- of another type reads as an error and a missing one as '': neither has a header, the session
-- is gone.
local m = read_header(redis.pcall('GETRANGE', KEYS[2], 0, HEADER_BYTES - 1))
if not m or now_ms() >= m.deadline then
  return {CODE.NONE}
end
if m.fence + 1 >= HEADER_LIMIT then
  -- A counter that cannot grow without making the header corrupt cannot issue a token that is
  -- sure to be larger than the last one.
  return {CODE.NONE}
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {CODE.HELD, redis.call('PTTL', KEYS[1])}
end
m.fence = m.fence + 1
redis.call('SETRANGE', KEYS[2], 0, header(m))
local value = ARGV[1] .. ':' .. string.format('%.0f', m.fence)
redis.call('SET', KEYS[1], value, 'PX', tonumber(ARGV[2]))
return {CODE.OK, value}
