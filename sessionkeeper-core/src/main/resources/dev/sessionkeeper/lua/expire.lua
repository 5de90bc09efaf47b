--[[
  Expires a batch of due sessions of one shard: the expiry worker's step.

  KEYS[1]  due index (zset)       <ns>:{<shard>}:due
  KEYS[2]  event stream           <ns>:{<shard>}:events
  KEYS[3]  principal index        <ns>:{<shard>}:principals
  KEYS[2 + 2i], KEYS[3 + 2i]  for the i-th id: its session key <ns>:{<shard>}:s:<id> and
           its quarantine key <ns>:{<shard>}:corrupt:<id>
  ARGV[1]  event stream max length (approximate)
  ARGV[2]  snapshot spec for terminal events: '' none, '*' all, or a JSON array of names
  ARGV[3]  how long a quarantined session is kept, ms
  ARGV[3 + i]  the i-th session id (from due.lua)

  Returns {expired count, lateness ms of each expired session, ...}; lateness is the time
  between the deadline and the event, both by Redis's clock.

  Guarantee: exactly one terminal event per session. An id is expired only while it is still
  on the due index with a deadline that has come, and expiring it removes it from the index
  in the same step: a second worker holding the same candidates finds nothing to do, a
  session touched since due.lua keeps its new deadline, and a worker killed mid-batch leaves
  every session either untouched or fully expired (scripts are atomic, also in the AOF).
  Sessions whose data Redis already dropped (its TTL, one to two graces past the deadline, see
  include/schedule.lua, passed with no worker) still get their event, with snapshot 'lost'.
]]
-- @include names
-- @include clock
-- @include meta
-- @include events
-- @include quarantine

duration_arg(ARGV[3], 'quarantine retention', 1)
local maxlen = tonumber(ARGV[1])
local spec = ARGV[2]
local now = now_ms()
local reply = {0}
for i = 1, #ARGV - 3 do
  local id = ARGV[3 + i]
  local K = {session = KEYS[2 + 2 * i], due = KEYS[1], events = KEYS[2], principals = KEYS[3]}
  local quarantine_key = KEYS[3 + 2 * i]
  local score = redis.call('ZSCORE', K.due, id)
  if score and tonumber(score) <= now then
    local deadline = tonumber(score)
    local value = redis.pcall('GET', K.session)
    if not value then
      -- Redis dropped the data (its TTL passed): the principal is unknown, so the index entry,
      -- if any, is left to the principal's next listing, which removes entries without data.
      end_session(K, id, EVENT_TYPE.expired, nil, now, deadline, nil, nil, maxlen, spec)
      reply[1] = reply[1] + 1
      reply[#reply + 1] = now - deadline
    else
      local m, fields = read_session(value)
      if not m then
        quarantine(K, quarantine_key, id, tonumber(ARGV[3]), now, maxlen, value)
      elseif m.deadline > now then
        -- The index lags the session (it cannot, while every writer goes through these
        -- scripts; repaired rather than trusted).
        redis.call('ZADD', K.due, m.deadline, id)
      else
        end_session(K, id, EVENT_TYPE.expired, nil, now, m.deadline, fields, nil, maxlen, spec)
        reply[1] = reply[1] + 1
        reply[#reply + 1] = now - m.deadline
      end
    end
  end
end
return reply
