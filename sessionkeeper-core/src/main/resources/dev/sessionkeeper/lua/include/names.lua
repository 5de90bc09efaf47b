-- The names the scripts share with every client that reads the same keys (docs/wire-format.md),
-- defined once. WireFormat.java and node/lib/names.js define the same names for Java and Node;
-- WireFormatTest and node/test/names.test.js fail when either disagrees with this file.

-- The entries of a session's body (include/meta.lua): metadata keys start with '@', attributes
-- with '.', so no attribute name can shadow metadata; a body with any other key is corrupt. The
-- numbers a request reads and writes are not entries but the value's fixed header, so a request
-- reads and rewrites them without unpacking the body. Other '@' keys are reserved: readers ignore
-- them and writers carry them through, so a later format can add metadata older code keeps.
local META = {
  principal = '@p',  -- only on sessions that have one
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
