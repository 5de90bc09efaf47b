-- A session dies at the earlier of its sliding idle deadline and its absolute deadline, which
-- is fixed at creation. An absolute timeout of 0 means the session has none.
local function deadline_of(created, last_access, idle, absolute)
  local d = last_access + idle
  if absolute > 0 and created + absolute < d then
    d = created + absolute
  end
  return d
end
