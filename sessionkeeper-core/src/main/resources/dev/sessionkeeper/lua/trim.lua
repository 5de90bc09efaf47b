--[[
  Trims one shard's event stream by age.

  KEYS[1]  event stream           <ns>:{<shard>}:events
  ARGV[1]  maximum age of an event, ms

  Returns the number of entries removed.

  Guarantee: entries older than the age, by Redis's clock, go (approximately: whole nodes);
  consumer groups that had not read them lose them, which is what retention means.
]]
-- @include clock

local min_id = (now_ms() - tonumber(ARGV[1])) .. '-0'
return redis.call('XTRIM', KEYS[1], 'MINID', '~', min_id)
