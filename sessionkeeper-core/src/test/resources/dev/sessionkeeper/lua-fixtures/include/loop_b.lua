-- @include loop_a
local function loop_b() end
