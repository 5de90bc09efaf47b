-- @include names
-- Reading a session hash's metadata (its fields are named in include/names.lua).

-- The header ('@m'): seven unsigned 64-bit big-endian integers, 56 bytes, in this order:
-- created, last access, idle timeout, absolute timeout (0: none), deadline, version, and the
-- time the key's TTL was last set to (include/schedule.lua); all times in ms by Redis's clock.
-- A fixed binary layout costs one struct call to read or write, about what converting a single
-- decimal field cost before, and it keeps the hash one field smaller per number. Every number
-- must stay below 1e15, as exact in a Lua double and far beyond any deadline a script computes
-- (MAX_DURATION_MS below); a header holding more is corrupt, like one of another length.
local HEADER_LAYOUT = '>I8I8I8I8I8I8I8'
local HEADER_BYTES = 56
local HEADER_LIMIT = 1e15

local function header(m)
  return struct.pack(HEADER_LAYOUT, m.created, m.last_access, m.idle, m.absolute, m.deadline, m.version, m.ttl_at)
end

-- The numbers of a header value, or nil and why.
local function read_header(value)
  if type(value) ~= 'string' then
    return nil, 'metadata field ' .. META.header .. ' is missing'
  end
  if #value ~= HEADER_BYTES then
    return nil, 'metadata field ' .. META.header .. ' is ' .. #value .. ' bytes, not ' .. HEADER_BYTES
  end
  local created, last_access, idle, absolute, deadline, version, ttl_at = struct.unpack(HEADER_LAYOUT, value)
  if created >= HEADER_LIMIT or last_access >= HEADER_LIMIT or idle >= HEADER_LIMIT or absolute >= HEADER_LIMIT
      or deadline >= HEADER_LIMIT or version >= HEADER_LIMIT or ttl_at >= HEADER_LIMIT then
    return nil, 'metadata field ' .. META.header .. ' holds a number of 1e15 or more'
  end
  if idle < 1 then
    return nil, 'metadata field ' .. META.header .. ' holds an idle timeout below 1 ms'
  end
  return {created = created, last_access = last_access, idle = idle, absolute = absolute, deadline = deadline,
    version = version, ttl_at = ttl_at}
end

-- The longest duration any setting may have: 10 years (3,650 days), in ms. Redis's clock plus
-- two such durations stays far below the 1e15 that read_header accepts, so no deadline or TTL a
-- script computes can be refused later. The Java side enforces the same bound with an error
-- naming the setting; this check is the scripts' own, made before their first write.
local MAX_DURATION_MS = 315360000000

local function duration_arg(value, name, min)
  local n = tonumber(value)
  if not n or n ~= math.floor(n) or n < min or n > MAX_DURATION_MS then
    error('sessionkeeper: ' .. name .. ' must be a whole number of ms in ' .. min .. '..' .. MAX_DURATION_MS
      .. ', got ' .. tostring(value), 0)
  end
  return n
end

-- A field name as a reason quotes it: cut, since a planted name may be of any length. The
-- client escapes it before logging it.
local function quoted(field)
  if #field > 200 then
    return "'" .. string.sub(field, 1, 200) .. "...' (" .. #field .. ' bytes)'
  end
  return "'" .. field .. "'"
end

-- Returns the numbers of an HGETALL reply's header (read_header); or nil and why, when the hash
-- is corrupt: a field that is neither metadata ('@') nor an attribute ('.'), an empty field name
-- included, or a header that read_header refuses. Such a hash is never trusted for a deadline
-- nor served. This is the whole of what makes a hash corrupt: a client that gets the fields of
-- a hash that passed can split and read them without failing, and an attribute value its codec
-- cannot decode is the client's concern, never corruption.
local function read_meta(flat)
  local value
  local byte = string.byte
  for i = 1, #flat, 2 do
    local field = flat[i]
    local kind = byte(field, 1)
    if kind == META_BYTE then
      if field == META.header then
        value = flat[i + 1]
      end
    elseif kind ~= ATTRIBUTE_BYTE then
      return nil, 'field ' .. quoted(field) .. ' is neither metadata nor an attribute'
    end
  end
  return read_header(value)
end
