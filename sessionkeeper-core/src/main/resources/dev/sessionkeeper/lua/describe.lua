--[[
  Reads a session for an operator, without touching it.

  KEYS[1]  session (string)       <ns>:{<shard>}:s:<id>

  Returns {now ms, value}: the session's stored string as it is (header and body,
  include/meta.lua); {now ms} when the session is not in Redis; {now ms, nil, why} when the key
  holds another type than a string (corrupt: the caller reports it).

  Guarantee: read-only: unlike find.lua it neither slides the deadline nor ends a session
  past it, so looking at a session cannot keep it alive. The caller compares the deadline (in
  the header) with now, both by Redis's clock. The value is not judged here: the caller reads
  it and reports what does not read, since showing a corrupt session is what an operator asks.
]]
-- @include clock

local now = now_ms()
local value = redis.pcall('GET', KEYS[1])
if type(value) == 'table' then
  return {now, false, 'the key is not a string'}
end
if not value then
  return {now}
end
return {now, value}
