-- @include names
-- Reading a session hash's metadata (its fields are named in include/names.lua).

-- A metadata number as the scripts wrote it: a whole, non-negative number of at most 15 decimal
-- digits. Anything else is corrupt: a negative, a fraction, '1e300', 'nan', 'inf' or a huge
-- number, because a command like PEXPIREAT would then fail halfway through a script, or a
-- negative idle timeout would put the next deadline in the past; and '5.0', '1e3', '0x10', ' 5'
-- or '+5', which Lua's tonumber takes but a client may not parse (Java's Long.parseLong refuses
-- the first four, node/lib/metadata.js all five), because the scripts are the one judge of a
-- hash: what they serve, every client reads. The pattern is anchored and the values are short,
-- so it costs about what the arithmetic alone did.
local function meta_int(value)
  if type(value) ~= 'string' or not string.find(value, '^%d+$') then
    return nil
  end
  local n = tonumber(value)
  if n < 1e15 then
    return n
  end
  return nil
end

-- The longest duration any setting may have: 10 years (3,650 days), in ms. Redis's clock plus
-- two such durations stays far below the 1e15 that meta_int accepts, so no deadline or TTL a
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

local REQUIRED_META = {META.created, META.last_access, META.idle, META.absolute, META.deadline, META.version}

-- Returns the numeric metadata of an HGETALL reply; or nil and why, when the hash is corrupt: a
-- field that is neither metadata ('@') nor an attribute ('.'), an empty field name included, a
-- metadata field missing or not a non-negative integer, or an idle timeout below 1 ms. Such a
-- hash is never trusted for a deadline nor served. This is the whole of what makes a hash
-- corrupt: a client that gets the fields of a hash that passed can split and read them without
-- failing, and an attribute value its codec cannot decode is the client's concern, never
-- corruption.
local function read_meta(flat)
  local m, present = {}, {}
  for i = 1, #flat, 2 do
    local kind = string.byte(flat[i], 1)
    if kind == META_BYTE then
      m[flat[i]] = meta_int(flat[i + 1])
      present[flat[i]] = true
    elseif kind ~= ATTRIBUTE_BYTE then
      return nil, 'field ' .. quoted(flat[i]) .. ' is neither metadata nor an attribute'
    end
  end
  for _, field in ipairs(REQUIRED_META) do
    if not present[field] then
      return nil, 'metadata field ' .. field .. ' is missing'
    elseif not m[field] then
      return nil, 'metadata field ' .. field .. ' is not a whole number of at most 15 digits'
    end
  end
  if m[META.idle] < 1 then
    return nil, 'metadata field ' .. META.idle .. ' is below 1'
  end
  return m
end
