-- The lazy expiry path: any script that meets a session at or past its deadline removes it
-- there and then, so a dead session is never served whether or not an expiry worker runs.
local function expire_session(session_key, due_key, id)
  redis.call('DEL', session_key)
  redis.call('ZREM', due_key, id)
end
