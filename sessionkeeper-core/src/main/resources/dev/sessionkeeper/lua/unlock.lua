--[[
  Releases a lock, if the caller still holds it.

  KEYS[1]  lock key               <ns>:{<shard>}:lock:<id>
  ARGV[1]  the lock value the caller was given

  Returns 1 when released, 0 when it was no longer the caller's.

  Guarantee: compare and delete in one step: a caller whose lease ran out never deletes the
  next holder's lock.
]]

if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
