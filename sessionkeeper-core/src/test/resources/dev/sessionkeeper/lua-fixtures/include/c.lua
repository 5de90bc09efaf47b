local function c() return 1 end
