--[[
  Destroys one page of a principal's live sessions, or all of the page but one: "log out
  everywhere" and "log out my other devices", a page per call.

  KEYS[1]  due index (zset)       <ns>:{<shard>}:due
  KEYS[2]  event stream           <ns>:{<shard>}:events
  KEYS[3]  principal index        <ns>:{<shard>}:principals
  KEYS[4..] the caller's guess of the page: session keys '<ns>:{<shard>}:s:<id>' of the shard,
           none on a cold call; ids not on the page are not touched, so a guess may be stale
  ARGV[1]  principal
  ARGV[2]  session key prefix of the shard, '<ns>:{<shard>}:s:'
  ARGV[3]  event stream max length (approximate)
  ARGV[4]  snapshot spec for terminal events: '' none, '*' all, or a JSON array of names
  ARGV[5]  reason (logout-everywhere)
  ARGV[6]  the session id to keep, or '' to end them all
  ARGV[7]  the page starts after this session id ('' from the first)
  ARGV[8]  page size: index entries read at most

  Returns {OK, destroyed, next}, next being the id to start the next page after ('' when this
  was the last page); or {UNDECLARED, id, ...}: the guess missed an entry of the page, nothing
  was written; the ids are the page's index entries as they are now: call again declaring
  exactly their session keys. Codes: include/codes.lua.

  Guarantee: atomic per page: no session of the page created or touched concurrently can slip
  between the listing and the destruction, and a live session is never skipped; each destroyed
  session gets one 'destroyed' event, and dead entries of the page end as expired. A principal
  with no more sessions than a page is logged out by one call, in one step (two when the guess missed). Every key touched is declared
  (include/principal_scan.lua), so during a slot migration the call fails whole.
]]
-- @include names
-- @include clock
-- @include events
-- @include principal_scan
-- @include codes

local K = {due = KEYS[1], events = KEYS[2], principals = KEYS[3]}
local principal = ARGV[1]
local maxlen = tonumber(ARGV[3])
local given = declared_sessions(KEYS, 4, ARGV[2])
local now = now_ms()
local count = tonumber(ARGV[8])
local ids, full, whole = declared_page(K, principal, ARGV[7], count, given)
if not whole then
  return {CODE.UNDECLARED, unpack(ids)}
end
local page = sort_page(K, ids, given, now, nil, true)
end_dead(K, principal, page, now, maxlen, ARGV[4])
local destroyed = 0
for _, s in ipairs(page.live) do
  if s.id ~= ARGV[6] then
    local S = {session = s.key, due = K.due, events = K.events, principals = K.principals}
    end_session(S, s.id, EVENT_TYPE.destroyed, ARGV[5], now, s.meta.deadline, stored_fields(s), principal, maxlen,
      ARGV[4])
    destroyed = destroyed + 1
  end
end
return {CODE.OK, destroyed, full and ids[#ids] or ''}
