-- @include base
-- @include left
-- @include base
return left() + base()
