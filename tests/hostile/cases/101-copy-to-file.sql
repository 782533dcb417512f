-- expect: REJECTED
-- layer1: stops
-- Write the data out next to the secret.
COPY eq_daily TO '/tmp/unwind-canary/pwned.csv' (HEADER)
