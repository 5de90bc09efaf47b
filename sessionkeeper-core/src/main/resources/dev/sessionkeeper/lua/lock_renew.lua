--[[
  Extends a lock's lease, if the caller still holds it.

  KEYS[1]  lock key               <ns>:{<shard>}:lock:<id>
  ARGV[1]  the lock value the caller was given
  ARGV[2]  new lease ms

  Returns 1 when renewed, 0 when the lock is no longer the caller's (lease ran out).

  Guarantee: compare and extend in one step: a lease that ran out is never revived.
]]

if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
end
return 0
