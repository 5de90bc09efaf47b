-- @include nowhere
local function broken() end
