-- Records a session's deadline in both places that need it: the due index the expiry worker
-- drains, and the key's own TTL. The TTL runs past the deadline so that a worker still finds the
-- data it reports on, yet memory stays bounded if no worker ever runs.
--
-- The TTL is set to deadline + 2 x grace and renewed only once the deadline comes within one
-- grace of it (the time it was set to is kept in the header, include/meta.lua): a session
-- touched on every request then pays for PEXPIREAT about once per grace period instead of on
-- every request, and its data still lives between grace and 2 x grace past its deadline.
local function ttl_target(deadline, grace)
  return deadline + 2 * grace
end

local function schedule(session_key, due_key, id, deadline, ttl_at)
  redis.call('PEXPIREAT', session_key, ttl_at)
  redis.call('ZADD', due_key, deadline, id)
end
