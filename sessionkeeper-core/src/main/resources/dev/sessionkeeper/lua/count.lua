--[[
  Counts the live sessions of one shard.

  KEYS[1]  due index (zset)       <ns>:{<shard>}:due

  Returns the number of sessions whose deadline is still ahead.

  Guarantee: exact at Redis's instant, even when no worker has removed the dead entries yet,
  because those have deadlines in the past and are not counted.
]]
-- @include clock

return redis.call('ZCOUNT', KEYS[1], '(' .. now_ms(), '+inf')
