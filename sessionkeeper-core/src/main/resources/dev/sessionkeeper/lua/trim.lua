--[[
  Trims one shard's event stream by age.

  KEYS[1]  event stream           <ns>:{<shard>}:events
  ARGV[1]  maximum age of an event, ms

  Returns the number of entries removed.

  Guarantee: entries older than the age, by Redis's clock, go (approximately: whole nodes),
  except those that an existing consumer group has not yet been delivered: trimming stops at
  the slowest group's last delivered id. Only the hard bound applied on append (see
  include/events.lua) ever takes entries a group has not read.
]]
-- @include clock
-- @include events

if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local min_id = string.format('%.0f-0', now_ms() - tonumber(ARGV[1]))
return trim_retained(KEYS[1], 0, min_id)
