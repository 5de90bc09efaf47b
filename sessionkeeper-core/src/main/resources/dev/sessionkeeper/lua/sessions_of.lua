--[[
  Lists a principal's live sessions: one call, exact at Redis's instant.

  KEYS[1]  due index (zset)       <ns>:{<shard>}:due
  KEYS[2]  event stream           <ns>:{<shard>}:events
  KEYS[3]  principal index        <ns>:{<shard>}:principals
  ARGV[1]  principal
  ARGV[2]  session key prefix of the shard, '<ns>:{<shard>}:s:'
  ARGV[3]  event stream max length (approximate)
  ARGV[4]  snapshot spec for terminal events: '' none, '*' all, or a JSON array of names
  ARGV[5]  JSON array of attribute names to return with each session ('[]' for none)

  Returns {now ms, id, created ms, last access ms, deadline ms, {name, value, ...}, id, ...}.

  Guarantee: exactly the live sessions, never a dead one, whether or not a worker runs: each
  listed session's own deadline is checked against Redis's clock, and dead ones met on the way
  are ended (with their one terminal event) and leave the index.
]]
-- @include clock
-- @include meta
-- @include events
-- @include index
-- @include principal_scan

local K = {due = KEYS[1], events = KEYS[2], principals = KEYS[3]}
local now = now_ms()
local names = cjson.decode(ARGV[5])
local fields = {}
for i, name in ipairs(names) do
  fields[i] = '.' .. name
end
local reply = {now}
for _, s in ipairs(live_sessions(K, ARGV[1], ARGV[2], now, tonumber(ARGV[3]), ARGV[4])) do
  local attrs = {}
  if #fields > 0 then
    local values = redis.call('HMGET', s.key, unpack(fields))
    for i, name in ipairs(names) do
      if values[i] then
        attrs[#attrs + 1] = name
        attrs[#attrs + 1] = values[i]
      end
    end
  end
  reply[#reply + 1] = s.id
  reply[#reply + 1] = s.meta['@c']
  reply[#reply + 1] = s.meta['@a']
  reply[#reply + 1] = s.meta['@d']
  reply[#reply + 1] = attrs
end
return reply
