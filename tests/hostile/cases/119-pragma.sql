-- expect: REJECTED
-- layer1: stops
-- PRAGMA changes settings as well.
PRAGMA memory_limit = '100GB'
