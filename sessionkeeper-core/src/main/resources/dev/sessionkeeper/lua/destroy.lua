--[[
  Destroys a live session (logout, admin action).

  KEYS[1]  session (string)       <ns>:{<shard>}:s:<id>
  KEYS[2]  due index (zset)       <ns>:{<shard>}:due
  KEYS[3]  event stream           <ns>:{<shard>}:events
  KEYS[4]  principal index        <ns>:{<shard>}:principals
  ARGV[1]  session id
  ARGV[2]  reason (logout, logout-everywhere, evicted-by-limit, admin)
  ARGV[3]  event stream max length (approximate)
  ARGV[4]  snapshot spec for terminal events: '' none, '*' all, or a JSON array of names

  Returns OK when a live session was destroyed, NONE when there was none (never existed, already
  ended, or past its deadline: that one is expired here, not destroyed). Codes: include/codes.lua.

  Guarantee: a session ends once, with one terminal event, and leaves the principal index in
  the same step. Whichever of destroy, a late find or the expiry worker gets there first ends
  it; the others find nothing to do.
]]
-- @include names
-- @include clock
-- @include meta
-- @include events
-- @include codes

local K = {session = KEYS[1], due = KEYS[2], events = KEYS[3], principals = KEYS[4]}
local id = ARGV[1]
local m, fields = read_session(redis.pcall('GET', K.session))
if not m then
  -- Gone, or corrupt: a corrupt session is left for find to quarantine, which keeps the data
  -- for inspection.
  return CODE.NONE
end
local now = now_ms()
if now >= m.deadline then
  end_session(K, id, EVENT_TYPE.expired, nil, now, m.deadline, fields, nil, tonumber(ARGV[3]), ARGV[4])
  return CODE.NONE
end
end_session(K, id, EVENT_TYPE.destroyed, ARGV[2], now, m.deadline, fields, nil, tonumber(ARGV[3]), ARGV[4])
return CODE.OK
