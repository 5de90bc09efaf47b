-- Walks one principal's entries in the shard's principal index and ends, on the spot, those
-- whose session is dead: past its deadline ('expired', lazily, with its event), or whose data
-- Redis already dropped (ended with snapshot 'lost' if still on the due index). Corrupt hashes
-- are skipped, not listed: the next find of that id quarantines them.
-- Returns the live sessions as a list of {id = ..., meta = numbers}. Only the metadata is read
-- (HMGET), not whole hashes: a listing must not pay for every attribute of every session.
--
-- Session keys are derived here from index members ('prefix' .. id): the caller cannot name
-- them before reading the index, and they share the shard's hash tag with the declared keys,
-- so they are always in the same slot. This is what keeps sessionsOf at one call.
local META_FIELDS = {'@c', '@a', '@i', '@x', '@d', '@v'}

local function live_sessions(K, principal, prefix, now, maxlen, spec)
  local lo, hi = index_range(principal)
  local live = {}
  for _, member in ipairs(redis.call('ZRANGEBYLEX', K.principals, lo, hi)) do
    local id = index_id(member)
    local S = {session = prefix .. id, due = K.due, events = K.events, principals = K.principals}
    local values = redis.pcall('HMGET', S.session, unpack(META_FIELDS))
    if not values.err then
      local m = {}
      local complete, present = true, false
      for i, field in ipairs(META_FIELDS) do
        present = present or values[i] ~= false
        m[field] = meta_int(values[i])
        complete = complete and m[field] ~= nil
      end
      if complete and now >= m['@d'] then
        end_session(S, id, 'expired', nil, now, m['@d'], redis.call('HGETALL', S.session), principal, maxlen, spec)
      elseif complete then
        live[#live + 1] = {id = id, meta = m, key = S.session}
      elseif not present and redis.call('EXISTS', S.session) == 0 then
        local deadline = redis.call('ZSCORE', K.due, id)
        if deadline then
          end_session(S, id, 'expired', nil, now, tonumber(deadline), nil, principal, maxlen, spec)
        else
          redis.call('ZREM', K.principals, member)
        end
      end
    end
  end
  return live
end
