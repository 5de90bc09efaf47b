-- @include a
return a()
