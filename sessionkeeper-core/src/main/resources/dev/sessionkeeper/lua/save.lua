--[[
  Writes the attributes a request changed, and nothing else.

  KEYS[1]  session (string)       <ns>:{<shard>}:s:<id>
  KEYS[2]  due index (zset)       <ns>:{<shard>}:due
  KEYS[3]  event stream           <ns>:{<shard>}:events
  KEYS[4]  principal index        <ns>:{<shard>}:principals
  KEYS[5]  lock key               <ns>:{<shard>}:lock:<id>
  ARGV[1]  session id
  ARGV[2]  grace ms kept past the deadline in the key's TTL
  ARGV[3]  event stream max length (approximate)
  ARGV[4]  snapshot spec for terminal events: '' none, '*' all, or a JSON array of names
  ARGV[5]  expected version, or '' for a plain (last-writer-wins per attribute) save
  ARGV[6]  fencing token (the lock value '<owner>:<token>') the caller holds, or '' for none
  ARGV[7]  new idle timeout ms, or '' to keep the current one
  ARGV[8]  n, the number of attributes to set
  ARGV[9 .. 8+2n]   field, encoded value, ... to set (fields carry the '.' prefix)
  ARGV[9+2n ..]     fields to delete

  Returns {OK, new version, deadline ms} when saved; {NONE} when the session is gone (never
  existed, expired, destroyed); {CONFLICT, current version} when an expected version did not
  match; {LOCK_LOST} when the caller's lock is no longer held (its lease ran out); codes:
  include/codes.lua. In every case but the first
  nothing is written, except that a session found past its deadline is expired here with its
  one 'expired' event. Fails, writing nothing, when the new idle timeout or the grace is out
  of range (include/meta.lua: duration_arg).

  A corrupt session (include/meta.lua's read_session) counts as gone: the next find
  quarantines it, and a save must not write over what an operator may want to inspect.

  Guarantee: no resurrection. A save never recreates a session, because the existence and
  deadline check and the write are one atomic step. Only the attributes named are changed: the
  value is read, changed and written back inside this one script, so concurrent saves of
  different attributes never undo each other. A fenced save writes only while the lock it was
  granted is still the lock that exists.

  Cost: the whole value is rewritten (one SET), O(session size) per save, where a hash wrote
  only the changed fields; in exchange every find, far more frequent than saves, reads one
  string (include/meta.lua).
]]
-- @include names
-- @include clock
-- @include meta
-- @include deadline
-- @include schedule
-- @include fields
-- @include events
-- @include codes

local K = {session = KEYS[1], due = KEYS[2], events = KEYS[3], principals = KEYS[4]}
local id = ARGV[1]
local grace = duration_arg(ARGV[2], 'expiry grace', 1)
local new_idle = ARGV[7] ~= '' and duration_arg(ARGV[7], 'idle timeout', 1) or nil
local m, fields = read_session(redis.pcall('GET', K.session))
if not m then
  return {CODE.NONE}
end
local now = now_ms()
if now >= m.deadline then
  end_session(K, id, EVENT_TYPE.expired, nil, now, m.deadline, fields, nil, tonumber(ARGV[3]), ARGV[4])
  return {CODE.NONE}
end
if ARGV[6] ~= '' and redis.call('GET', KEYS[5]) ~= ARGV[6] then
  return {CODE.LOCK_LOST}
end
if ARGV[5] ~= '' and m.version ~= tonumber(ARGV[5]) then
  return {CODE.CONFLICT, m.version}
end

m.version = m.version + 1
if new_idle then
  m.idle = new_idle
  m.deadline = deadline_of(m.created, m.last_access, m.idle, m.absolute)
  m.ttl_at = ttl_target(m.deadline, grace)
end

local n = tonumber(ARGV[8])
set_fields(fields, ARGV, 9, 8 + 2 * n)
delete_fields(fields, ARGV, 9 + 2 * n, #ARGV)
-- The save's first write, so the one Redis refuses when out of memory, before anything is
-- written. KEEPTTL: the TTL changes only with the idle timeout, just below.
redis.call('SET', K.session, session_value(m, fields), 'KEEPTTL')
if new_idle then
  schedule(K.session, K.due, id, m.deadline, m.ttl_at)
end
return {CODE.OK, m.version, m.deadline}
