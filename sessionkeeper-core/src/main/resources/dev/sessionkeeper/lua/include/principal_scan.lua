-- Walks one principal's entries in the shard's principal index and ends, on the spot, those
-- whose session is dead: past its deadline ('expired', lazily, with its event), or whose data
-- Redis already dropped (ended with snapshot 'lost' if still on the due index). Corrupt hashes
-- are skipped, not listed: the next find of that id quarantines them.
-- Returns the live sessions as a list of {id = ..., flat = HGETALL reply, meta = numbers}.
--
-- Session keys are derived here from index members ('prefix' .. id): the caller cannot name
-- them before reading the index, and they share the shard's hash tag with the declared keys,
-- so they are always in the same slot. This is what keeps sessionsOf at one call.
local function live_sessions(K, principal, prefix, now, maxlen, spec)
  local lo, hi = index_range(principal)
  local live = {}
  for _, member in ipairs(redis.call('ZRANGEBYLEX', K.principals, lo, hi)) do
    local id = index_id(member)
    local S = {session = prefix .. id, due = K.due, events = K.events, principals = K.principals}
    local flat = redis.pcall('HGETALL', S.session)
    if type(flat) == 'table' and not flat.err and #flat > 0 then
      local m = read_meta(flat)
      if m and now >= m['@d'] then
        end_session(S, id, 'expired', nil, now, m['@d'], flat, principal, maxlen, spec)
      elseif m then
        live[#live + 1] = {id = id, flat = flat, meta = m}
      end
    elseif type(flat) == 'table' and not flat.err then
      local deadline = redis.call('ZSCORE', K.due, id)
      if deadline then
        end_session(S, id, 'expired', nil, now, tonumber(deadline), nil, principal, maxlen, spec)
      else
        redis.call('ZREM', K.principals, member)
      end
    end
  end
  return live
end
