-- Records a session's deadline in both places that need it: the due index the expiry worker
-- drains, and the key's own TTL. The TTL runs `grace` past the deadline so that a worker still
-- finds the data it reports on, yet memory stays bounded if no worker ever runs.
local function schedule(session_key, due_key, id, deadline, grace)
  redis.call('PEXPIREAT', session_key, deadline + grace)
  redis.call('ZADD', due_key, deadline, id)
end
