-- expect: REJECTED
-- layer1: stops
-- Download an extension.
INSTALL httpfs
