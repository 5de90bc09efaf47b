--[[
  Loads a session and slides its idle deadline: one call per request that reads a session.

  KEYS[1]  session (string)       <ns>:{<shard>}:s:<id>
  KEYS[2]  due index (zset)       <ns>:{<shard>}:due
  KEYS[3]  event stream           <ns>:{<shard>}:events
  KEYS[4]  principal index        <ns>:{<shard>}:principals
  KEYS[5]  quarantine key         <ns>:{<shard>}:corrupt:<id>
  ARGV[1]  session id
  ARGV[2]  grace ms kept past the deadline in the key's TTL (see include/schedule.lua)
  ARGV[3]  how long a quarantined session is kept, ms
  ARGV[4]  event stream max length (approximate)
  ARGV[5]  snapshot spec for terminal events: '' none, '*' all, or a JSON array of names

  Returns {OK, now ms, new deadline ms, value} for a live session, value being the session's
  stored string as it was before this touch (header and body, include/meta.lua; the caller takes
  last access and deadline from the reply, not from that header), with a fifth element 1 when
  Redis is out of memory and the session was read without its slide (its deadline did not
  move); {NONE} when the session does not exist or its deadline has passed; {CORRUPT, why} when
  the data is corrupt by include/meta.lua's read_session, the one judge of that (it has been
  moved to the quarantine key; why is a line of text for the log, quoting at most 200 bytes of a
  key). Codes: include/codes.lua.

  Guarantee: never returns as live a value that read_session refuses: the corrupt one is moved
  aside in this call, so a client only decodes what it can read. Never returns a session at or
  past its deadline: such a session is expired here, with its one 'expired' event, if no worker
  got to it first. A session touched before its deadline gets its new deadline in the same
  atomic step, so no worker can expire it between. A session whose data Redis already dropped
  but that is still on the due index is ended here too (snapshot 'lost'), so such entries do not
  wait for a worker. When Redis refuses writes (maxmemory with noeviction), find still reads: a
  live session is returned unslid, and a dead one is reported gone and left, untouched, for a
  later find or the worker to end.

  Cost: one GET, one unpack of the body (the validation; the client gets the bytes as stored),
  one TIME, one SETRANGE of the 64-byte header (the body is not rewritten), and PEXPIREAT and
  ZADD only when they change something: the TTL about once per grace period, the due entry only
  when the deadline moved.
]]
-- @include names
-- @include clock
-- @include deadline
-- @include meta
-- @include schedule
-- @include events
-- @include quarantine
-- @include codes

local K = {session = KEYS[1], due = KEYS[2], events = KEYS[3], principals = KEYS[4]}
local id = ARGV[1]
local maxlen = tonumber(ARGV[4])
local grace = duration_arg(ARGV[2], 'expiry grace', 1)
duration_arg(ARGV[3], 'quarantine retention', 1)

-- Ends a dead session, unless Redis is out of memory: then the event cannot be written, so
-- nothing is (end_session writes the event first), and the session waits for a later call.
local function end_if_possible(deadline, fields)
  local ok, err = pcall(end_session, K, id, EVENT_TYPE.expired, nil, now_ms(), deadline, fields, nil, maxlen, ARGV[5])
  if not ok and not out_of_memory(err) then
    error(err, 0)
  end
end

local value = redis.pcall('GET', K.session)
if not value then
  -- Unknown, or its data is gone (its TTL passed with no worker running): in the latter case
  -- the due entry is all that is left, and it is ended here rather than left to grow.
  local score = redis.call('ZSCORE', K.due, id)
  if score then
    end_if_possible(tonumber(score), nil)
  end
  return {CODE.NONE}
end
local m, fields = read_session(value)
local now = now_ms()
if not m then
  local why = fields
  quarantine(K, KEYS[5], id, tonumber(ARGV[3]), now, maxlen, value)
  return {CODE.CORRUPT, why}
end

if now >= m.deadline then
  end_if_possible(m.deadline, fields)
  return {CODE.NONE}
end

local seen = m.deadline
m.last_access = now
m.deadline = deadline_of(m.created, now, m.idle, m.absolute)
local renew = m.deadline + grace > m.ttl_at
if renew then
  m.ttl_at = ttl_target(m.deadline, grace)
end
-- The slide's one write to the value, the header in place (SETRANGE keeps the TTL): Redis
-- refuses it when out of memory, before anything is written.
local slid = redis.pcall('SETRANGE', K.session, 0, header(m))
if type(slid) == 'table' and slid.err then
  if out_of_memory(slid.err) then
    return {CODE.OK, now, seen, value, 1}
  end
  return slid
end
if renew then
  redis.call('PEXPIREAT', K.session, m.ttl_at)
end
if m.deadline ~= seen then
  redis.call('ZADD', K.due, m.deadline, id)
end
return {CODE.OK, now, m.deadline, value}
