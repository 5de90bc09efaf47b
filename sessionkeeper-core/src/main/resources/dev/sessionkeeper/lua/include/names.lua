-- The names the scripts share with every client that reads the same keys (docs/wire-format.md),
-- defined once. WireFormat.java and node/lib/names.js define the same names for Java and Node;
-- WireFormatTest and node/test/names.test.js fail when either disagrees with this file.

-- The metadata fields of a session hash. They start with '@', attributes with '.', so no
-- attribute name can shadow them; a hash with any other field is corrupt.
local META = {
  created = '@c',      -- ms, Redis clock
  last_access = '@a',  -- ms
  idle = '@i',         -- idle timeout ms, at least 1
  absolute = '@x',     -- absolute timeout ms, 0: none
  deadline = '@d',     -- ms: the earlier of the idle and the absolute deadline
  version = '@v',      -- one more per save
  principal = '@p',    -- only on sessions that have one
  fence = '@f',        -- the lock's fencing counter (lock.lua)
  ttl_at = '@t',       -- the time the key's TTL was last set to (include/schedule.lua)
}
local META_BYTE = string.byte('@')
local ATTRIBUTE_PREFIX = '.'
local ATTRIBUTE_BYTE = string.byte(ATTRIBUTE_PREFIX)

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
