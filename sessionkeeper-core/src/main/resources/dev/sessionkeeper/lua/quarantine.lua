--[[
  Moves a session whose attribute values cannot be decoded out of the way.

  KEYS[1]  session hash           <ns>:{<shard>}:s:<id>
  KEYS[2]  due index (zset)       <ns>:{<shard>}:due
  KEYS[3]  event stream           <ns>:{<shard>}:events
  KEYS[4]  principal index        <ns>:{<shard>}:principals
  KEYS[5]  quarantine key         <ns>:{<shard>}:corrupt:<id>
  ARGV[1]  session id
  ARGV[2]  how long the quarantined hash is kept, ms
  ARGV[3]  event stream max length (approximate)

  Returns OK when moved, NONE when the session was already gone (include/codes.lua).

  Guarantee: the corrupt data is kept for inspection, never served again, reported once, and
  the session gets its one terminal event ('destroyed', reason 'corrupt').
]]
-- @include clock
-- @include meta
-- @include quarantine
-- @include codes

duration_arg(ARGV[2], 'quarantine retention', 1)

if redis.call('EXISTS', KEYS[1]) == 0 then
  return CODE.NONE
end
local K = {session = KEYS[1], due = KEYS[2], events = KEYS[3], principals = KEYS[4]}
quarantine(K, KEYS[5], ARGV[1], tonumber(ARGV[2]), now_ms(), tonumber(ARGV[3]))
return CODE.OK
