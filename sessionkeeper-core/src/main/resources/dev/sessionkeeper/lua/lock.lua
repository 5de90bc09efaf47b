--[[
  Takes a session's lock, if it is free, and issues a fencing token.

  KEYS[1]  lock key               <ns>:{<shard>}:lock:<id>
  KEYS[2]  session hash           <ns>:{<shard>}:s:<id>
  ARGV[1]  owner (unique per lock attempt)
  ARGV[2]  lease ms

  Returns {OK, lock value '<owner>:<token>'} when taken; {HELD, ms left on the holder's lease}
  when held by someone else; {NONE} when the session is gone. Codes: include/codes.lua.

  Guarantee: the token comes from a counter in the session itself that only grows, so a later
  holder always has a larger token, and a save fenced with an old lock value is refused.
]]
-- @include names
-- @include clock
-- @include meta
-- @include codes

-- The fencing counter as HINCRBY keeps it: a whole, non-negative number of at most 15 decimal
-- digits. Anything else is corrupt: a negative, a fraction, '1e300', 'nan' or 'inf'; and '5.0',
-- '1e3', '0x10', ' 5' or '+5', which Lua's tonumber takes but a client may not parse. Here, not in
-- include/meta.lua, because this script alone reads the counter, and under EVAL (Redis 6.2)
-- every function an include defines costs each script that includes it a closure on every call.
local function fence_number(value)
  if type(value) ~= 'string' or not string.find(value, '^%d+$') then
    return nil
  end
  local n = tonumber(value)
  if n < 1e15 then
    return n
  end
  return nil
end

duration_arg(ARGV[2], 'lease', 1)
-- One read for both: the header (is the session live?) and the counter (may it issue a token?).
-- A key of another type reads as an error, whose [1] is nil: no header, the session gone.
local stored = redis.pcall('HMGET', KEYS[2], META.header, META.fence)
local m = read_header(stored[1])
if not m or now_ms() >= m.deadline then
  return {CODE.NONE}
end
local fence = stored[2]
if fence and not fence_number(fence) then
  -- A corrupt counter cannot issue a token that is sure to be larger than the last one.
  return {CODE.NONE}
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {CODE.HELD, redis.call('PTTL', KEYS[1])}
end
local token = redis.call('HINCRBY', KEYS[2], META.fence, 1)
local value = ARGV[1] .. ':' .. token
redis.call('SET', KEYS[1], value, 'PX', tonumber(ARGV[2]))
return {CODE.OK, value}
