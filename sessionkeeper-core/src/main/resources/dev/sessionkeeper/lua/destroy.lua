--[[
  Destroys a live session (logout, admin action).

  KEYS[1]  session hash           <ns>:{<shard>}:s:<id>
  KEYS[2]  due index (zset)       <ns>:{<shard>}:due
  ARGV[1]  session id
  ARGV[2]  reason (logout, logout-everywhere, evicted-by-limit, admin)

  Returns 1 when a live session was destroyed, 0 when there was none (never existed, already
  destroyed, or past its deadline: that one is expired, not destroyed).

  Guarantee: a session ends once. Whichever of destroy, a late find or the expiry worker gets
  there first ends it; the others find nothing to do.
]]
-- @include clock
-- @include expire

local id = ARGV[1]
local deadline = redis.pcall('HGET', KEYS[1], '@d')
if type(deadline) == 'table' or not tonumber(deadline) then
  return 0
end
if now_ms() >= tonumber(deadline) then
  expire_session(KEYS[1], KEYS[2], id)
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], id)
return 1
