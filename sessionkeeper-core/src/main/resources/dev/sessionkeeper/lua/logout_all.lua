--[[
  Destroys all of a principal's live sessions, or all but one: "log out everywhere" and
  "log out my other devices".

  KEYS[1]  due index (zset)       <ns>:{<shard>}:due
  KEYS[2]  event stream           <ns>:{<shard>}:events
  KEYS[3]  principal index        <ns>:{<shard>}:principals
  ARGV[1]  principal
  ARGV[2]  session key prefix of the shard, '<ns>:{<shard>}:s:'
  ARGV[3]  event stream max length (approximate)
  ARGV[4]  snapshot spec for terminal events: '' none, '*' all, or a JSON array of names
  ARGV[5]  reason (logout-everywhere)
  ARGV[6]  the session id to keep, or '' to end them all

  Returns the number of sessions destroyed.

  Guarantee: atomic: no session of the principal created or touched concurrently can slip
  between the listing and the destruction; each destroyed session gets one 'destroyed' event.
]]
-- @include clock
-- @include meta
-- @include events
-- @include index
-- @include principal_scan

local K = {due = KEYS[1], events = KEYS[2], principals = KEYS[3]}
local now = now_ms()
local maxlen = tonumber(ARGV[3])
local destroyed = 0
for _, s in ipairs(live_sessions(K, ARGV[1], ARGV[2], now, maxlen, ARGV[4])) do
  if s.id ~= ARGV[6] then
    local S = {session = ARGV[2] .. s.id, due = K.due, events = K.events, principals = K.principals}
    end_session(S, s.id, 'destroyed', ARGV[5], now, s.meta['@d'], redis.call('HGETALL', s.key), ARGV[1], maxlen,
      ARGV[4])
    destroyed = destroyed + 1
  end
end
return destroyed
