--[[
  Extends a lock's lease, if the caller still holds it.

  KEYS[1]  lock key               <ns>:{<shard>}:lock:<id>
  ARGV[1]  the lock value the caller was given
  ARGV[2]  new lease ms

  Returns OK when renewed, NONE when the lock is no longer the caller's (lease ran out). Codes:
  include/codes.lua.

  Guarantee: compare and extend in one step: a lease that ran out is never revived.
]]
-- @include codes

if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
  return CODE.OK
end
return CODE.NONE
