-- expect: REJECTED
-- layer1: stops
-- Undo the memory limit.
RESET memory_limit
