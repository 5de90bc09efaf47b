--[[
  Moves an event that a consumer group failed to handle too often to the dead-letter stream.

  KEYS[1]  event stream           <ns>:{<shard>}:events
  KEYS[2]  dead-letter stream     <ns>:{<shard>}:dead
  ARGV[1]  consumer group
  ARGV[2]  entry id
  ARGV[3]  deliveries so far
  ARGV[4]  dead-letter stream max length (approximate)
  ARGV[5]  why (the last failure, for the operator)

  Returns OK when the event was moved, NONE when it was no longer in the stream (trimmed); the
  entry is acknowledged either way. Codes: include/codes.lua.

  Guarantee: copy and acknowledgement are one step, so a failing event is neither lost (acked
  but not copied) nor copied twice (copied, then redelivered).
]]
-- @include codes

local entry = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
local moved = CODE.NONE
if #entry == 1 then
  local fields = entry[1][2]
  table.insert(fields, 'group')
  table.insert(fields, ARGV[1])
  table.insert(fields, 'origin')
  table.insert(fields, ARGV[2])
  table.insert(fields, 'deliveries')
  table.insert(fields, ARGV[3])
  table.insert(fields, 'failure')
  table.insert(fields, ARGV[5])
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', tonumber(ARGV[4]), '*', unpack(fields))
  moved = CODE.OK
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
return moved
