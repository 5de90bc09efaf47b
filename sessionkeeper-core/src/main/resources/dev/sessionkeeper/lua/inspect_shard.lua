--[[
  What an operator wants to know about one shard, in one read-only call.

  KEYS[1]  due index (zset)       <ns>:{<shard>}:due
  KEYS[2]  event stream           <ns>:{<shard>}:events
  KEYS[3]  dead-letter stream     <ns>:{<shard>}:dead
  ARGV[1]  the window for "recent events", ms (e.g. 60000)
  ARGV[2]  cap: the most stream entries read to count recent events, or a group's lag

  Returns {now ms, live sessions, due backlog, oldest overdue deadline ms or -1,
           stream length, dead-letter length,
           {type, count, type, count, ...} of the events written in the window,
           1 when that count stopped at the cap else 0,
           {{group, consumers, pending, last delivered id, lag, 1 when lag stopped at the cap else 0,
             lost}, ...}}
  where lost counts the entries the group was never delivered because the hard retention bound
  trimmed them (include/events.lua), or is -1 when that cannot be told: for a group not yet
  delivered the oldest retained entry, on Redis 6.2 (which counts neither the entries added
  nor those a group read) or when Redis 7 lost track of the group's count.

  Guarantee: read-only, judged by Redis's clock, and bounded: it reads at most ARGV[2] stream
  entries for the window and for each group. Redis 6.2 has no lag in XINFO GROUPS, so lag is
  counted as the entries after the group's last delivered id, up to the cap (Redis 7 reports
  it directly, and then that figure is used). A group not yet delivered even the oldest entry
  is behind by the whole stream, which is then its lag.
]]
-- @include names
-- @include clock
-- @include events

local now = now_ms()
local cap = tonumber(ARGV[2])
local live = redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
local backlog = redis.call('ZCOUNT', KEYS[1], '-inf', now)
local oldest = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES', 'LIMIT', 0, 1)
local oldest_ms = oldest[2] and tonumber(oldest[2]) or -1

local has_stream = redis.call('EXISTS', KEYS[2]) == 1
local length = has_stream and redis.call('XLEN', KEYS[2]) or 0
local dead = redis.call('EXISTS', KEYS[3]) == 1 and redis.call('XLEN', KEYS[3]) or 0

-- The type of an entry: events are written with 'type' first, but nothing here relies on it.
local function type_of(fields)
  for i = 1, #fields, 2 do
    if fields[i] == EVENT.type then
      return fields[i + 1]
    end
  end
  return 'unknown'
end

local by_type = {}
local order = {}
local capped = 0
if has_stream then
  local from = (now - tonumber(ARGV[1])) .. '-0'
  local recent = redis.call('XRANGE', KEYS[2], from, '+', 'COUNT', cap + 1)
  if #recent > cap then
    capped = 1
  end
  for i = 1, math.min(#recent, cap) do
    local t = type_of(recent[i][2])
    if not by_type[t] then
      by_type[t] = 0
      order[#order + 1] = t
    end
    by_type[t] = by_type[t] + 1
  end
end
local counts = {}
for _, t in ipairs(order) do
  counts[#counts + 1] = t
  counts[#counts + 1] = by_type[t]
end

local groups = {}
if has_stream then
  local newest = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
  local newest_id = newest[1] and newest[1][1] or '0-0'
  local oldest_entry = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)
  local oldest_id = oldest_entry[1] and oldest_entry[1][1] or nil
  local added = nil
  local stream_info = redis.call('XINFO', 'STREAM', KEYS[2])
  for i = 1, #stream_info, 2 do
    if stream_info[i] == 'entries-added' then
      added = stream_info[i + 1]
    end
  end
  for _, info in ipairs(redis.call('XINFO', 'GROUPS', KEYS[2])) do
    local g = {}
    for i = 1, #info, 2 do
      g[info[i]] = info[i + 1]
    end
    local lag, lag_capped, lost = 0, 0, 0
    local before_all = oldest_id ~= nil and id_before(g['last-delivered-id'], oldest_id)
    if before_all then
      -- Every retained entry is after the group's position. Entries it never got are those
      -- added after that position and no longer retained; Redis 7 counts additions (and, for
      -- most groups, the entries a group read), Redis 6.2 does not.
      lag = type(g['lag']) == 'number' and g['lag'] or length
      local read = g['entries-read']
      if added and type(read) == 'number' then
        lost = math.max(0, added - read - length)
      elseif added and g['last-delivered-id'] == '0-0' then
        lost = math.max(0, added - length)
      else
        lost = -1
      end
    elseif type(g['lag']) == 'number' then
      lag = g['lag']
    elseif g['last-delivered-id'] ~= newest_id then
      local behind = redis.call('XRANGE', KEYS[2], '(' .. g['last-delivered-id'], '+', 'COUNT', cap + 1)
      lag = math.min(#behind, cap)
      if #behind > cap then
        lag_capped = 1
      end
    end
    groups[#groups + 1] = {g['name'], g['consumers'], g['pending'], g['last-delivered-id'], lag, lag_capped, lost}
  end
end

return {now, live, backlog, oldest_ms, length, dead, counts, capped, groups}
