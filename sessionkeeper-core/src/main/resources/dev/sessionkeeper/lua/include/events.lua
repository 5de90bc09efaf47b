-- The event log: one stream per shard, written in the same script as the change it reports,
-- so an event exists if and only if its change happened. Trimmed approximately to `maxlen`
-- entries on every append (cheap: whole listpack nodes are dropped).
--
-- Event fields: type, sid, principal, deadline (ms), at (ms, Redis clock), reason, successor,
-- snapshot ('none' | 'taken' | 'lost'), and one '.name' field per attribute in the snapshot.
local function append_event(stream, maxlen, fields)
  redis.call('XADD', stream, 'MAXLEN', '~', maxlen, '*', unpack(fields))
end

-- Adds the snapshot fields to an event. `spec` is '' (none), '*' (all attributes) or a JSON
-- array of attribute names; `flat` is the session's HGETALL reply, or nil when Redis has
-- already dropped the data.
local function add_snapshot(fields, flat, spec)
  if spec == '' then
    table.insert(fields, 'snapshot')
    table.insert(fields, 'none')
    return
  end
  if not flat then
    table.insert(fields, 'snapshot')
    table.insert(fields, 'lost')
    return
  end
  table.insert(fields, 'snapshot')
  table.insert(fields, 'taken')
  local wanted = nil
  if spec ~= '*' then
    wanted = {}
    for _, name in ipairs(cjson.decode(spec)) do
      wanted['.' .. name] = true
    end
  end
  for i = 1, #flat, 2 do
    local f = flat[i]
    if string.byte(f, 1) == 46 and (wanted == nil or wanted[f]) then
      table.insert(fields, f)
      table.insert(fields, flat[i + 1])
    end
  end
end

local function field_of(flat, name)
  if not flat then
    return nil
  end
  for i = 1, #flat, 2 do
    if flat[i] == name then
      return flat[i + 1]
    end
  end
  return nil
end

-- Ends a session: deletes it, takes it off the due index and the principal index, and writes
-- its one terminal event. Every path that ends a session (worker, lazy expiry, destroy,
-- rotation, limit eviction, quarantine) goes through here, and each first checks that the
-- session is still on the due index or still has its data, so whichever path comes first
-- writes the event and the others find nothing to do.
--   kind: 'expired' | 'destroyed' | 'rotated'; detail: the reason or the successor id
--   principal: the principal if known without the data (index scans), else nil
local function end_session(keys, id, kind, detail, now, deadline, flat, principal, maxlen, spec)
  redis.call('DEL', keys.session)
  redis.call('ZREM', keys.due, id)
  local fields = {'type', kind, 'sid', id, 'deadline', deadline, 'at', now}
  principal = principal or field_of(flat, '@p')
  if principal then
    redis.call('ZREM', keys.principals, principal .. '\0' .. id)
    table.insert(fields, 'principal')
    table.insert(fields, principal)
  end
  if kind == 'destroyed' then
    table.insert(fields, 'reason')
    table.insert(fields, detail)
  elseif kind == 'rotated' then
    table.insert(fields, 'successor')
    table.insert(fields, detail)
  end
  add_snapshot(fields, flat, spec)
  append_event(keys.events, maxlen, fields)
end
