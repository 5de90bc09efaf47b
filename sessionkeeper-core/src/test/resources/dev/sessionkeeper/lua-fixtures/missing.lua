-- @include broken
return 0
