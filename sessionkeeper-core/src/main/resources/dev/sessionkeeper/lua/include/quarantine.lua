-- Moves a corrupt session aside instead of deleting it: the request path treats it as gone,
-- an operator can still inspect it for `ttl` ms, and because it is gone from its usual key it
-- is reported exactly once. It still ends like any session: one terminal event, 'destroyed'
-- with reason 'corrupt' and no snapshot (the data is not trusted).
local function quarantine(session_key, due_key, quarantine_key, stream, id, ttl, now, maxlen)
  redis.call('RENAME', session_key, quarantine_key)
  redis.call('PEXPIRE', quarantine_key, ttl)
  local deadline = redis.call('ZSCORE', due_key, id)
  if deadline then
    redis.call('ZREM', due_key, id)
    append_event(stream, maxlen, {'type', 'destroyed', 'sid', id, 'deadline', deadline, 'at', now,
      'reason', 'corrupt', 'snapshot', 'none'})
  end
end
