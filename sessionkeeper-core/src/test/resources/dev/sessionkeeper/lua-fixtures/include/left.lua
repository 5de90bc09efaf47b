-- @include base
local function left() return base() end
