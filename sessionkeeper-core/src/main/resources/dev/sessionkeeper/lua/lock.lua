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

duration_arg(ARGV[2], 'lease', 1)
local m = read_header(redis.pcall('HGET', KEYS[2], META.header))
if not m or now_ms() >= m.deadline then
  return {CODE.NONE}
end
local fence = redis.call('HGET', KEYS[2], META.fence)
if fence and not meta_int(fence) then
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
