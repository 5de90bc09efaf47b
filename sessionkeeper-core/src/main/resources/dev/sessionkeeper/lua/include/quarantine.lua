-- Moves a corrupt session aside instead of deleting it: the request path treats it as gone,
-- an operator can still inspect it for `ttl` ms, and because it is gone from its usual key it
-- is reported exactly once.
local function quarantine(session_key, due_key, quarantine_key, id, ttl)
  redis.call('RENAME', session_key, quarantine_key)
  redis.call('PEXPIRE', quarantine_key, ttl)
  redis.call('ZREM', due_key, id)
end
