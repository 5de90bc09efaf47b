-- @include names
-- Reading a session hash's metadata (its fields are named in include/names.lua).

-- A metadata number as the scripts wrote it: a whole, non-negative number of at most 15 digits.
-- Anything else (a negative, a fraction, '1e300', 'nan', 'inf', a huge number) is corrupt: Lua
-- would take it as a number, and a command like PEXPIREAT would then fail halfway through a
-- script, or a negative idle timeout would put the next deadline in the past. Checked with
-- arithmetic rather than a pattern: this runs for every metadata field of every request.
local function meta_int(value)
  local n = type(value) == 'string' and tonumber(value)
  if n and n == math.floor(n) and n >= 0 and n < 1e15 then
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

-- Returns the numeric metadata of an HGETALL reply, or nil when a field is missing or not a
-- non-negative integer, or the idle timeout is not positive: such a hash is corrupt and is
-- never trusted for a deadline.
local function read_meta(flat)
  local m = {}
  for i = 1, #flat, 2 do
    if string.byte(flat[i], 1) == META_BYTE then
      m[flat[i]] = meta_int(flat[i + 1])
    end
  end
  if m[META.created] and m[META.last_access] and m[META.idle] and m[META.absolute] and m[META.deadline] and m[META.version] and m[META.idle] >= 1 then
    return m
  end
  return nil
end
