-- @include c
-- @include loop_a
return 0
