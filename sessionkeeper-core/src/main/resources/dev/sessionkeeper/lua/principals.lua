--[[
  Lists a bounded page of the distinct principals that have a live session in one shard, for
  operators. Read-only.

  KEYS[1]  due index (zset)       <ns>:{<shard>}:due
  KEYS[2]  principal index        <ns>:{<shard>}:principals
  ARGV[1]  where the page starts: a ZRANGEBYLEX lower bound a previous reply gave ('' from the
           start of the index)
  ARGV[2]  principals returned at most
  ARGV[3]  index entries read at most

  Returns {next, principal, ...} in index order (byte order of the names), next being the lower
  bound to pass for the next page, or '' when the shard's index was read to its end.

  Guarantee: read-only and bounded: at most ARGV[3] index entries, one ZSCORE each, whatever the
  number of principals or sessions. A principal is listed when one of its index entries has a
  deadline on the due index after Redis's now (a session past its deadline that no worker has
  ended yet does not count), and once per shard walk: after listing one, the walk jumps past the
  rest of its entries. The index members are '<principal>\0<id>', and a principal holds no
  control character, so '<principal>\1' sorts after all of its entries and before the next
  principal's.
]]
-- @include names
-- @include clock
-- @include index

local start = ARGV[1]
local most = tonumber(ARGV[2])
local budget = tonumber(ARGV[3])
local c = string.sub(start, 1, 1)
if start ~= '' and c ~= '[' and c ~= '(' then
  error('the page must start at a lower bound a previous reply gave')
end
local lo = start == '' and '-' or start
local now = now_ms()
local out = {''}
local batch = 8
while budget > 0 and #out - 1 < most do
  local members = redis.call('ZRANGEBYLEX', KEYS[2], lo, '+', 'LIMIT', 0, math.min(batch, budget))
  if #members == 0 then
    return out
  end
  local jumped = false
  for _, member in ipairs(members) do
    budget = budget - 1
    local cut = string.find(member, INDEX_SEPARATOR, 1, true)
    if cut then
      local deadline = redis.call('ZSCORE', KEYS[1], index_id(member))
      if deadline and tonumber(deadline) > now then
        local principal = string.sub(member, 1, cut - 1)
        out[#out + 1] = principal
        lo = '[' .. principal .. INDEX_RANGE_END
        jumped = true
        break
      end
    end
    lo = '(' .. member
  end
  if not jumped and #members < math.min(batch, budget + #members) then
    return out
  end
end
out[1] = lo
return out
