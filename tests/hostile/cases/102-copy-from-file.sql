-- expect: REJECTED
-- layer1: stops
-- Load the secret into a table.
COPY eq_daily FROM '/tmp/unwind-canary/secret.txt'
