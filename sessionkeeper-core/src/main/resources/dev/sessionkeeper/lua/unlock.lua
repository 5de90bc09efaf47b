--[[
  Releases a lock, if the caller still holds it.

  KEYS[1]  lock key               <ns>:{<shard>}:lock:<id>
  ARGV[1]  the lock value the caller was given

  Returns OK when released, NONE when it was no longer the caller's (include/codes.lua).

  Guarantee: compare and delete in one step: a caller whose lease ran out never deletes the
  next holder's lock.
]]
-- @include codes

if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return CODE.OK
end
return CODE.NONE
