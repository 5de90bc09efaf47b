-- @include names
-- The layout of a session (storage format 3): one Redis string, a fixed header and a body. This
-- file is the one place in Lua that knows it, and read_session is the one judge of corruption.
--
-- One string instead of a hash: a find reads it with one GET and hands it to the client as one
-- bulk string, where a hash cost an HGETALL and a flat reply of every field (about 1.0 us
-- against 2.4 us inside a script for the workload session, a 6-field hash, on Redis 7.0), and it takes about
-- half the memory, since a hash with any value over 64 bytes is no longer a listpack. The price
-- is that a save rewrites the whole value, O(session size) per save, where a hash wrote only the
-- fields that changed; requests read far more often than they write, so the trade is taken.

-- The header: the value's first 64 bytes, eight unsigned 64-bit big-endian integers: created,
-- last access, idle timeout, absolute timeout (0: none), deadline, version, the time the key's
-- TTL was last set to (include/schedule.lua), and the lock's fencing counter (lock.lua); all
-- times in ms by Redis's clock. A fixed binary layout costs one struct call to read or write,
-- and a find rewrites it in place with SETRANGE, without touching the body. Every number must
-- stay below 1e15, as exact in a Lua double and far beyond any deadline a script computes
-- (MAX_DURATION_MS); a header holding more is corrupt, like one cut short.
local HEADER_LAYOUT = '>I8I8I8I8I8I8I8I8'
local HEADER_BYTES = 64
local HEADER_LIMIT = 1e15

-- The longest duration any setting may have: 10 years (3,650 days), in ms. Redis's clock plus
-- two such durations stays far below the 1e15 that read_header accepts, so no deadline or TTL a
-- script computes can be refused later. The Java side enforces the same bound with an error
-- naming the setting; duration_arg is the scripts' own check, made before their first write. A
-- header's timeouts are held to it too: a rotation hands them to rotate_in, which refuses a
-- longer one, so a session holding one would be served by find and then fail its sign-in.
local MAX_DURATION_MS = 315360000000

local function header(m)
  return struct.pack(HEADER_LAYOUT, m.created, m.last_access, m.idle, m.absolute, m.deadline, m.version, m.ttl_at,
    m.fence)
end

-- The numbers of a header, or nil and why. `value` is a whole value or its first 64 bytes (a
-- GETRANGE 0 63 reply): the bytes after the header are not looked at.
local function read_header(value)
  if type(value) ~= 'string' then
    return nil, 'the session has no value'
  end
  if #value < HEADER_BYTES then
    return nil, 'the value is ' .. #value .. ' bytes, shorter than its ' .. HEADER_BYTES .. '-byte header'
  end
  local created, last_access, idle, absolute, deadline, version, ttl_at, fence = struct.unpack(HEADER_LAYOUT, value)
  if created >= HEADER_LIMIT or last_access >= HEADER_LIMIT or idle >= HEADER_LIMIT or absolute >= HEADER_LIMIT
      or deadline >= HEADER_LIMIT or version >= HEADER_LIMIT or ttl_at >= HEADER_LIMIT or fence >= HEADER_LIMIT then
    return nil, 'the header holds a number of 1e15 or more'
  end
  if idle < 1 then
    return nil, 'the header holds an idle timeout below 1 ms'
  end
  if idle > MAX_DURATION_MS or absolute > MAX_DURATION_MS then
    return nil, 'the header holds a timeout over ' .. MAX_DURATION_MS .. ' ms'
  end
  return {created = created, last_access = last_access, idle = idle, absolute = absolute, deadline = deadline,
    version = version, ttl_at = ttl_at, fence = fence}
end

local function duration_arg(value, name, min)
  local n = tonumber(value)
  if not n or n ~= math.floor(n) or n < min or n > MAX_DURATION_MS then
    error('sessionkeeper: ' .. name .. ' must be a whole number of ms in ' .. min .. '..' .. MAX_DURATION_MS
      .. ', got ' .. tostring(value), 0)
  end
  return n
end

-- A key as a reason quotes it: cut, since a planted key may be of any length. The client
-- escapes it before logging it.
local function quoted(field)
  if #field > 200 then
    return "'" .. string.sub(field, 1, 200) .. "...' (" .. #field .. ' bytes)'
  end
  return "'" .. field .. "'"
end

-- The number of entries the body's first bytes declare, for a map (fixmap, map16, map32) or
-- for the empty array cmsgpack.pack writes for an empty table (any array header of 0); nil for
-- anything else. Compared with the entries the unpacked table holds, it catches what the table
-- cannot show: an entry whose value is nil (unpacking drops it) and a key given twice.
local function declared_entries(value)
  local b = string.byte(value, HEADER_BYTES + 1)
  if not b then
    return nil
  end
  if b >= 0x80 and b <= 0x8f then
    return b - 0x80
  end
  if b == 0xde and #value >= HEADER_BYTES + 3 then
    return (struct.unpack('>I2', value, HEADER_BYTES + 2))
  end
  if b == 0xdf and #value >= HEADER_BYTES + 5 then
    return (struct.unpack('>I4', value, HEADER_BYTES + 2))
  end
  if b == 0x90 or (b == 0xdc and string.sub(value, HEADER_BYTES + 2, HEADER_BYTES + 3) == '\0\0')
      or (b == 0xdd and string.sub(value, HEADER_BYTES + 2, HEADER_BYTES + 5) == '\0\0\0\0') then
    return 0
  end
  return nil
end

-- The number of entries of an unpacked body, or nil when one of them is not a string key with
-- the '@' or '.' prefix and a string value; it may also fail with an error, which counts as nil.
-- This runs on every request, so it makes one C call per entry (string.byte) besides the
-- iteration, and leaves the type checks to the VM: string.byte fails on a key that is neither
-- string nor number and finds no prefix in a number's digits; `v .. ''` fails on a table or a
-- boolean and `#v` on a number, while for a string the two lengths agree: about 0.15 us per entry
-- against 0.25 us with type() calls.
local function checked_entries(fields)
  local byte = string.byte
  local count = 0
  for k, v in pairs(fields) do
    local kind = byte(k, 1)
    if (kind ~= ATTRIBUTE_BYTE and kind ~= META_BYTE) or #(v .. '') ~= #v then
      return nil
    end
    count = count + 1
  end
  return count
end

-- Why checked_entries refused a body, or why its count differs from the map's declared one: the
-- slow path, taken only for a corrupt session, so that the reason names what is wrong.
local function refusal(fields, declared)
  local count = 0
  for k, v in pairs(fields) do
    if type(k) ~= 'string' then
      return 'the body holds a key that is not a string'
    end
    local kind = string.byte(k, 1)
    if kind ~= ATTRIBUTE_BYTE and kind ~= META_BYTE then
      return 'key ' .. quoted(k) .. ' is neither metadata nor an attribute'
    end
    if type(v) ~= 'string' then
      return 'the value of ' .. quoted(k) .. ' is not a string'
    end
    count = count + 1
  end
  return 'the body declares ' .. declared .. ' entries but holds ' .. count .. ' distinct ones with a value'
end

-- Reads a session: its header's numbers and its body's entries as a table (keys with their
-- '@' or '.' prefix, values the stored strings); or nil and why, when the session is corrupt.
-- `value` is a GET reply under pcall: a string, false for a missing key (nil, not corrupt: the
-- caller tells the two apart first), or the error of a key of another type.
--
-- Corrupt: a key of another type than string; a header read_header refuses; a body that is not
-- exactly one MessagePack map of string keys to string values (cmsgpack decodes any bytes as
-- some sequence of values, so only these checks make the judgement: one value, a map, its
-- declared entries all present, every key and value a string); a key that starts with neither
-- '@' nor '.', the empty key included. Such a session is never trusted for a deadline nor
-- served. This is the whole of what makes a session corrupt: a client that gets a value that
-- passed can read it without failing, and an attribute value its codec cannot decode is the
-- client's concern, never corruption.
local function read_session(value)
  if type(value) == 'table' then
    return nil, 'the key is not a string'
  end
  local m, why = read_header(value)
  if not m then
    return nil, why
  end
  local declared = declared_entries(value)
  if not declared then
    return nil, 'the body is not a MessagePack map'
  end
  local ok, rest, fields = pcall(cmsgpack.unpack_one, value, HEADER_BYTES)
  if not ok or rest ~= -1 or type(fields) ~= 'table' then
    return nil, 'the body is not exactly one MessagePack map'
  end
  local checked, count = pcall(checked_entries, fields)
  if not checked or count ~= declared then
    return nil, refusal(fields, declared)
  end
  return m, fields
end

-- A whole value: the header, then the fields packed as one map. Lua tables have no order, so
-- neither has the map: readers must not rely on the order of entries.
local function session_value(m, fields)
  return header(m) .. cmsgpack.pack(fields)
end
