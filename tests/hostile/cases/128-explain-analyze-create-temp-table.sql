-- expect: ERROR, REJECTED, WRONG_ANSWER
-- layer1: stops
-- EXPLAIN ANALYZE runs what it explains: a temp table, left on the connection for the next query.
EXPLAIN ANALYZE CREATE TEMP TABLE leftover AS SELECT 42 AS n
