-- expect: REJECTED
-- layer1: stops
-- Load an extension (autoloading is off too).
LOAD httpfs
