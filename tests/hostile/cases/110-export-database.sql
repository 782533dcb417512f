-- expect: REJECTED
-- layer1: stops
-- Export the whole database as files.
EXPORT DATABASE '/tmp/unwind-canary/export' (FORMAT parquet)
