-- Metadata fields start with '@', attributes with '.', so no attribute name can shadow them.
--   @c created ms   @a last access ms   @i idle timeout ms   @x absolute timeout ms (0: none)
--   @d deadline ms  @v version (one more per save)   @p principal   @f fencing counter
--   @t the time the key's TTL was last set to (include/schedule.lua)

-- A metadata number as the scripts wrote it: a whole number of at most 15 digits. Anything else
-- (a fraction, '1e300', 'nan', 'inf', a huge number) is corrupt: Lua would take it as a number,
-- and a command like PEXPIREAT would then fail halfway through a script. Checked with
-- arithmetic rather than a pattern: this runs for every metadata field of every request.
local function meta_int(value)
  local n = type(value) == 'string' and tonumber(value)
  if n and n == math.floor(n) and n > -1e15 and n < 1e15 then
    return n
  end
  return nil
end

-- Returns the numeric metadata of an HGETALL reply, or nil when a field is missing or not an
-- integer: such a hash is corrupt and is never trusted for a deadline.
local function read_meta(flat)
  local m = {}
  for i = 1, #flat, 2 do
    if string.byte(flat[i], 1) == 64 then
      m[flat[i]] = meta_int(flat[i + 1])
    end
  end
  if m['@c'] and m['@a'] and m['@i'] and m['@x'] and m['@d'] and m['@v'] then
    return m
  end
  return nil
end
