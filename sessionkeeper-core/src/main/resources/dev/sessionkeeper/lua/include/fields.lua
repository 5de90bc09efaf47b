-- HSET and HDEL over a slice of the caller's ARGV, in chunks: unpack() of many thousands of
-- values would overflow Lua's C stack, and a session may carry that many attributes. ARGV is
-- passed in, not read as a global, because under the function library (ScriptLibrary.java) it
-- is the calling function's parameter.
local CHUNK = 512

-- An extra field and value, when given, go into the first HSET (which runs even when the slice
-- is empty), so a caller that must write one more field pays no extra command for it.
local function hset_slice(key, argv, first, last, extra_field, extra_value)
  if extra_field then
    local j = math.min(first + 2 * CHUNK - 1, last)
    redis.call('HSET', key, extra_field, extra_value, unpack(argv, first, j))
    first = j + 1
  end
  local i = first
  while i <= last do
    local j = math.min(i + 2 * CHUNK - 1, last)
    redis.call('HSET', key, unpack(argv, i, j))
    i = j + 1
  end
end

local function hdel_slice(key, argv, first, last)
  local i = first
  while i <= last do
    local j = math.min(i + CHUNK - 1, last)
    redis.call('HDEL', key, unpack(argv, i, j))
    i = j + 1
  end
end
