-- @include left
-- @include right
return left() + right()
