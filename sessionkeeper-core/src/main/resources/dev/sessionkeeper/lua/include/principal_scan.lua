-- @include names
-- @include meta
-- @include events
-- @include index
-- One page of a principal's index entries, for the scripts that act on "the user's sessions"
-- (sessions_of, logout_all, rotate_in).
--
-- Every key a script touches is in its KEYS. A script cannot know a principal's session keys
-- before it reads the index, so the caller reads the page first (ZRANGEBYLEX, or the ids a
-- previous call of the script asked for) and declares those sessions' keys; the script reads
-- the page again and checks it against what was declared. Declared keys let Redis Cluster route
-- and check the call: while the slot migrates, a call whose keys are not all on one node is
-- refused whole (ASK, TRYAGAIN) and never runs on half the sessions. An entry the caller did
-- not declare is judged by its deadline on the due index (a declared key): if it is live the
-- script writes nothing and asks to be called again with that id declared ('undeclared'), so a
-- live session is never skipped; if it is dead it is not listed, and the worker ends it.
--
-- A page is at most `count` entries (the caller's bound, see PrincipalOperations), so each
-- call's work is bounded however many sessions the principal has.

-- The declared session keys from keys[first] on (the caller's KEYS), as id -> key. Each must be
-- a session key of the shard: the prefix is the shard's, so the ids cannot name keys outside
-- the declared slot.
local function declared_sessions(keys, first, prefix)
  local given = {}
  for i = first, #keys do
    local key = keys[i]
    if string.sub(key, 1, #prefix) ~= prefix then
      error('declared key is not a session key of the shard')
    end
    given[string.sub(key, #prefix + 1)] = key
  end
  return given
end

-- The ids of the page: up to `count` entries of the principal after the id `after` ('' from the
-- start), in index order, and whether the page is full (more may follow).
local function page_ids(K, principal, after, count)
  local lo, hi = index_range(principal)
  if after ~= '' then
    lo = '(' .. index_member(principal, after)
  end
  local ids = {}
  for i, member in ipairs(redis.call('ZRANGEBYLEX', K.principals, lo, hi, 'LIMIT', 0, count)) do
    ids[i] = index_id(member)
  end
  return ids, #ids >= count
end

-- The page a listing or a logout works on: up to `count` ids after `after`, whether another page
-- follows, and whether every one of them is declared (`given`). The page is read one entry past
-- its end, so a walk's last page says so and no walk ends on a call that finds nothing. Callers
-- go on only with a page declared whole, dead entries included: those they end, so a listing
-- also clears what no worker has expired yet, and nothing live can slip past a logout.
local function declared_page(K, principal, after, count, given)
  local ids = page_ids(K, principal, after, count + 1)
  local full = #ids > count
  ids[count + 1] = nil
  for _, id in ipairs(ids) do
    if not given[id] then
      return ids, full, false
    end
  end
  return ids, full, true
end

-- Sorts the page's entries, reading only: `live` ({id, meta, key, value}, declared and before
-- their deadline), `dead` (declared, past the deadline or their data dropped by Redis: {id, key,
-- deadline, value}), `stale` (index entries with neither data nor due entry), `undeclared` (live
-- by the due index but not declared). Sessions whose header does not read are in none of them:
-- the next find of that id quarantines it. `skip`, when given, is an id left out of every list
-- (rotate_in's predecessor, which the rotation ends). Only the header of a session is judged: a
-- session whose header passes but whose body is corrupt counts by its header. `whole` says what
-- is read: the value (GET), kept in the entry as `value`, when the caller goes on to need every
-- body (a logout, a listing that asks for attributes), so that no session is read twice; else
-- only the header (GETRANGE of the first 64 bytes), whatever the size of the body. If a listing
-- or a logout then ends a session whose body is corrupt, it ends as any other (one terminal
-- event, off both indexes) with the snapshot 'lost' (stored_fields, below), rather than
-- quarantined: quarantine needs a key the caller did not declare.
local function sort_entry(K, page, id, key, now, whole)
  if not key then
    local deadline = redis.call('ZSCORE', K.due, id)
    if deadline and tonumber(deadline) > now then
      page.undeclared[#page.undeclared + 1] = id
    end
    return
  end
  local value
  if whole then
    value = redis.pcall('GET', key)
  else
    value = redis.pcall('GETRANGE', key, 0, HEADER_BYTES - 1)
  end
  if type(value) == 'table' then
    -- Only a key of the wrong type is corrupt data; anything else must fail the call.
    if not string.find(value.err, 'WRONGTYPE', 1, true) then
      error(value.err)
    end
    return
  end
  local m = read_header(value)
  if m and now >= m.deadline then
    page.dead[#page.dead + 1] = {id = id, key = key, deadline = m.deadline, data = true, value = whole and value}
  elseif m then
    page.live[#page.live + 1] = {id = id, meta = m, key = key, value = whole and value}
  elseif (not value or value == '') and redis.call('EXISTS', key) == 0 then
    local deadline = redis.call('ZSCORE', K.due, id)
    if deadline then
      page.dead[#page.dead + 1] = {id = id, key = key, deadline = tonumber(deadline), data = false}
    else
      page.stale[#page.stale + 1] = id
    end
  end
end

local function sort_page(K, ids, given, now, skip, whole)
  local page = {live = {}, dead = {}, stale = {}, undeclared = {}}
  for _, id in ipairs(ids) do
    if id ~= skip then
      sort_entry(K, page, id, given[id], now, whole)
    end
  end
  return page
end

-- The fields of a live or dead entry of the page (sort_entry), for its event (principal and
-- snapshot) or the attributes a listing asks for: from the value sort_entry kept, else read now;
-- nil when Redis dropped the data or its body does not read (an event's snapshot is then 'lost':
-- what the session held cannot be told).
local function stored_fields(entry)
  local m, fields = read_session(entry.value or redis.pcall('GET', entry.key))
  if m then
    return fields
  end
  return nil
end

-- Ends the page's dead sessions (expired, with their one event) and drops its stale entries:
-- the writes of a scan, done only once the script knows it will not ask to be called again.
local function end_dead(K, principal, page, now, maxlen, spec)
  for _, d in ipairs(page.dead) do
    local S = {session = d.key, due = K.due, events = K.events, principals = K.principals}
    local fields = nil
    if d.data then
      fields = stored_fields(d)
    end
    end_session(S, d.id, EVENT_TYPE.expired, nil, now, d.deadline, fields, principal, maxlen, spec)
  end
  for _, id in ipairs(page.stale) do
    redis.call('ZREM', K.principals, index_member(principal, id))
  end
end
