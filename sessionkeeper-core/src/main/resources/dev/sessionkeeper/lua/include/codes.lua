-- The status codes of every script, in one code space (docs/wire-format.md, "Result codes"): a
-- code means the same whichever script returns it. An array reply starts with one; the scripts
-- whose reply is a bare integer return OK or NONE. ScriptCode.java and node/lib/codes.js translate
-- them for their callers, each in one place; WireFormatTest and node/test/names.test.js fail when
-- either disagrees with this file.
local CODE = {
  OK = 1,             -- done: the reply's other elements are the result
  NONE = 0,           -- nothing to act on: the session does not exist or is past its deadline
  CORRUPT = -1,       -- the session's data is corrupt and was moved to its quarantine key
  CONFLICT = -2,      -- the expected version did not match; the current version follows
  LOCK_LOST = -3,     -- the caller's lock is no longer held (its lease ran out)
  HELD = -4,          -- the lock is held by another; the ms left on its lease follow
  TAKEN = -5,         -- the new id is taken, or the reservation it was to fill is gone
  LIMIT_REACHED = -6, -- the principal's session limit is reached and the policy refuses; the live count follows
  UNDECLARED = -7,    -- sessions the call needs were not declared in KEYS; their ids follow: call again declaring them
  BACKLOG = -8,       -- the limit check met more entries past their deadline than it reads; the count follows
}
