-- @include c
local function b() return c() end
