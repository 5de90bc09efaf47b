--[[
  The first half of an id rotation (login, privilege change): ends the old id and hands its
  data to the caller, who writes it under the new id with rotate_in.lua.

  KEYS[1]  session (string)       <ns>:{<shard>}:s:<old id>
  KEYS[2]  due index (zset)       <ns>:{<shard>}:due
  KEYS[3]  event stream           <ns>:{<shard>}:events
  KEYS[4]  principal index        <ns>:{<shard>}:principals
  ARGV[1]  old session id
  ARGV[2]  new session id (the successor the 'rotated' event names)
  ARGV[3]  event stream max length (approximate)
  ARGV[4]  snapshot spec for terminal events: '' none, '*' all, or a JSON array of names

  Returns {OK, value} with the old session's stored string (header and body, include/meta.lua),
  or {NONE} when it was already gone (then there is nothing to carry over); a corrupt session
  (read_session) is left for find to quarantine and counts as gone. Codes: include/codes.lua.

  Guarantee: fails closed. The old id is dead, with its one 'rotated' event, before the new id
  exists: if the second half never runs, the user has to sign in again, but no id that was
  seen before authentication ever carries an authenticated session. Two halves because the
  new id lives in the principal's shard, usually another slot.
]]
-- @include names
-- @include clock
-- @include meta
-- @include events
-- @include codes

local K = {session = KEYS[1], due = KEYS[2], events = KEYS[3], principals = KEYS[4]}
local id = ARGV[1]
local value = redis.pcall('GET', K.session)
local m, fields = read_session(value)
if not m then
  return {CODE.NONE}
end
local now = now_ms()
if now >= m.deadline then
  end_session(K, id, EVENT_TYPE.expired, nil, now, m.deadline, fields, nil, tonumber(ARGV[3]), ARGV[4])
  return {CODE.NONE}
end
end_session(K, id, EVENT_TYPE.rotated, ARGV[2], now, m.deadline, fields, nil, tonumber(ARGV[3]), ARGV[4])
return {CODE.OK, value}
