-- expect: ERROR, REJECTED
-- layer1: stops
-- EXPLAIN ANALYZE executes the statement it explains: a COPY dressed as an EXPLAIN.
EXPLAIN ANALYZE COPY eq_daily TO '/tmp/unwind-canary/pwned.csv'
