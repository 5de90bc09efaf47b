-- The names the scripts share with every client that reads the same keys (docs/wire-format.md),
-- defined once. WireFormat.java and node/lib/names.js define the same names for Java and Node;
-- WireFormatTest and node/test/names.test.js fail when either disagrees with this file.

-- The metadata fields of a session hash. They start with '@', attributes with '.', so no
-- attribute name can shadow them; a hash with any other field is corrupt. The numbers a request
-- reads and writes share one field, the header, packed by include/meta.lua: one value to convert
-- and one to write per request, where one field per number cost a conversion and a parse each.
local META = {
  header = '@m',     -- created, last access, timeouts, deadline, version, TTL (include/meta.lua)
  principal = '@p',  -- only on sessions that have one
  fence = '@f',      -- the lock's fencing counter, text, so that HINCRBY can grow it (lock.lua)
}
-- The prefixes' byte values are written as numbers, not computed: these definitions also run as
-- the top level of a Redis 7 function library (ScriptLibrary.java), where Redis offers no
-- string library until a function is called. WireFormatTest checks them against the prefixes.
local META_BYTE = 64           -- '@'
local ATTRIBUTE_PREFIX = '.'
local ATTRIBUTE_BYTE = 46      -- '.'

-- The fields of an event stream entry (include/events.lua says what each holds).
local EVENT = {
  type = 'type',
  sid = 'sid',
  principal = 'principal',
  deadline = 'deadline',
  at = 'at',
  reason = 'reason',
  successor = 'successor',
  predecessor = 'predecessor',
  snapshot = 'snapshot',
  snapshot_omitted = 'snapshot-omitted',
}

local EVENT_TYPE = {
  created = 'created',
  expired = 'expired',
  destroyed = 'destroyed',
  rotated = 'rotated',
}

-- The values of EVENT.snapshot.
local SNAPSHOT = {
  none = 'none',
  taken = 'taken',
  truncated = 'truncated',
  lost = 'lost',
}

-- The destroy reasons the scripts write themselves; the others come from the caller.
local REASON = {
  corrupt = 'corrupt',
  evicted_by_limit = 'evicted-by-limit',
}

-- Separates principal and session id in a principal index member (include/index.lua).
local INDEX_SEPARATOR = '\0'
