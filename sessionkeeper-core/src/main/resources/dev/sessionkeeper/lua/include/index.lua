-- @include names
-- The principal index of a shard: one sorted set whose members are '<principal>\0<session id>'
-- at score 0, so one principal's sessions are one lexicographic range, and every session of a
-- principal lives in the principal's shard (login puts it there). One key per shard keeps the
-- index in the same slot as the sessions it lists, and costs less memory than a key per user.
local function index_member(principal, id)
  return principal .. INDEX_SEPARATOR .. id
end

-- The separator sorts below every other byte, so one principal's members are [p\0, p\1): the
-- byte after the separator, written out because a function library's top level has no string
-- library to compute it with (include/names.lua).
local INDEX_RANGE_END = '\1'

local function index_range(principal)
  return '[' .. principal .. INDEX_SEPARATOR, '(' .. principal .. INDEX_RANGE_END
end

-- The session id in an index member.
local function index_id(member)
  return string.sub(member, string.find(member, INDEX_SEPARATOR, 1, true) + 1)
end
