-- The principal index of a shard: one sorted set whose members are '<principal>\0<session id>'
-- at score 0, so one principal's sessions are one lexicographic range, and every session of a
-- principal lives in the principal's shard (login puts it there). One key per shard keeps the
-- index in the same slot as the sessions it lists, and costs less memory than a key per user.
local function index_member(principal, id)
  return principal .. '\0' .. id
end

local function index_range(principal)
  return '[' .. principal .. '\0', '(' .. principal .. '\1'
end

-- The session id in an index member.
local function index_id(member)
  return string.sub(member, string.find(member, '\0', 1, true) + 1)
end
