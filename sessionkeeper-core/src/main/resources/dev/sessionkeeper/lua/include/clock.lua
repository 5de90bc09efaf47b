-- Redis's own clock in milliseconds. Every deadline is computed from it, never from the
-- caller's clock, so application servers whose clocks drift can neither cut a session short
-- nor keep it alive past its time. TIME inside a script is safe to follow with writes because
-- Redis (5.0 and later) replicates a script by its effects, not by re-running it.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
