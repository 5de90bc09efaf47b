-- @include base
local function right() return base() end
