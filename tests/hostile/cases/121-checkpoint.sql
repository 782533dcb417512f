-- expect: REJECTED
-- layer1: stops
-- Force a write to the database file.
CHECKPOINT
