-- Metadata fields start with '@', attributes with '.', so no attribute name can shadow them.
--   @c created ms   @a last access ms   @i idle timeout ms   @x absolute timeout ms (0: none)
--   @d deadline ms  @v version (one more per save)
-- Returns the metadata of an HGETALL reply as numbers, or nil when a field is missing or not a
-- number: such a hash is corrupt and is never trusted for a deadline.
local function read_meta(flat)
  local m = {}
  for i = 1, #flat, 2 do
    if string.byte(flat[i], 1) == 64 then
      m[flat[i]] = tonumber(flat[i + 1])
    end
  end
  if m['@c'] and m['@a'] and m['@i'] and m['@x'] and m['@d'] and m['@v'] then
    return m
  end
  return nil
end
