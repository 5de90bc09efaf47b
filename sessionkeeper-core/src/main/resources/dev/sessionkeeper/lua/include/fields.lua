-- Applies a slice of the caller's ARGV to a session's fields (the table include/meta.lua's
-- read_session gives and session_value packs). ARGV is passed in, not read as a global, because
-- under the function library (ScriptLibrary.java) it is the calling function's parameter. A
-- loop, not unpack(): a session may carry many thousands of attributes, more than Lua's C stack
-- takes as arguments.

local function set_fields(fields, argv, first, last)
  for i = first, last - 1, 2 do
    fields[argv[i]] = argv[i + 1]
  end
end

-- A deleted field is set to nil, which is all it takes: cmsgpack.pack writes only the keys a
-- table holds.
local function delete_fields(fields, argv, first, last)
  for i = first, last do
    fields[argv[i]] = nil
  end
end
