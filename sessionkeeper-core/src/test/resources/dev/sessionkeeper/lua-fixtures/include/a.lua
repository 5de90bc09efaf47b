-- @include b
local function a() return b() end
