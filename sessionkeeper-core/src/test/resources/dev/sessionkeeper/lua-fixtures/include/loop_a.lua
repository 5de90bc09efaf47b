-- @include loop_b
local function loop_a() end
