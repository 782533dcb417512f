-- expect: REJECTED
-- layer1: stops
-- Attach a new database file (created on attach) where the secret lives.
ATTACH '/tmp/unwind-canary/pwned.duckdb' AS pwned
