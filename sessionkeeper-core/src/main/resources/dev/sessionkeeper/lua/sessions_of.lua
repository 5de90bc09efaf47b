--[[
  Lists one page of a principal's live sessions, exact at Redis's instant.

  KEYS[1]  due index (zset)       <ns>:{<shard>}:due
  KEYS[2]  event stream           <ns>:{<shard>}:events
  KEYS[3]  principal index        <ns>:{<shard>}:principals
  KEYS[4..] the caller's guess of the page: session keys '<ns>:{<shard>}:s:<id>' of the shard,
           none on a cold call; ids not on the page are not touched, so a guess may be stale
  ARGV[1]  principal
  ARGV[2]  session key prefix of the shard, '<ns>:{<shard>}:s:'
  ARGV[3]  event stream max length (approximate)
  ARGV[4]  snapshot spec for terminal events: '' none, '*' all, or a JSON array of names
  ARGV[5]  JSON array of attribute names to return with each session ('[]' for none)
  ARGV[6]  the page starts after this session id ('' from the first)
  ARGV[7]  page size: index entries read at most

  Returns {OK, now ms, next, id, created ms, last access ms, deadline ms, {name, value, ...}, id, ...}
  where next is the id to start the next page after ('' when this was the last page), and the
  names and values are those of the attributes asked for that the session holds (none when its
  body does not read: the next find of it quarantines it); or
  {UNDECLARED, id, ...}: the guess missed an entry of the page, nothing was written; the ids are
  the page's index entries as they are now: call again declaring exactly their session keys.
  Codes: include/codes.lua.

  Guarantee: exactly the page's live sessions, never a dead one, whether or not a worker runs:
  the script answers only when the whole page is declared, checks each listed session's own
  deadline against Redis's clock, and ends the dead ones it meets (with their one terminal
  event), which leave the index. A principal with no more
  sessions than a page is listed by one call, exact at one instant (two when the guess missed);
  a longer listing is exact page by page. Every key touched is declared
  (include/principal_scan.lua), so during a slot migration the call fails whole (ASK, TRYAGAIN)
  rather than list part of the page.
]]
-- @include names
-- @include clock
-- @include principal_scan
-- @include codes

local K = {due = KEYS[1], events = KEYS[2], principals = KEYS[3]}
local principal = ARGV[1]
local count = tonumber(ARGV[7])
local given = declared_sessions(KEYS, 4, ARGV[2])
local now = now_ms()
local ids, full, whole = declared_page(K, principal, ARGV[6], count, given)
if not whole then
  return {CODE.UNDECLARED, unpack(ids)}
end
local names = cjson.decode(ARGV[5])
local page = sort_page(K, ids, given, now, nil, #names > 0)
end_dead(K, principal, page, now, tonumber(ARGV[3]), ARGV[4])

local reply = {CODE.OK, now, full and ids[#ids] or ''}
for _, s in ipairs(page.live) do
  local attrs = {}
  if #names > 0 then
    -- Bodies are read only when attributes are asked for: a plain listing reads headers only.
    local fields = stored_fields(s)
    if fields then
      for _, name in ipairs(names) do
        local v = fields[ATTRIBUTE_PREFIX .. name]
        if v then
          attrs[#attrs + 1] = name
          attrs[#attrs + 1] = v
        end
      end
    end
  end
  reply[#reply + 1] = s.id
  reply[#reply + 1] = s.meta.created
  reply[#reply + 1] = s.meta.last_access
  reply[#reply + 1] = s.meta.deadline
  reply[#reply + 1] = attrs
end
return reply
