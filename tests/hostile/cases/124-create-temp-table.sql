-- expect: REJECTED
-- layer1: stops
-- Leave an object behind for the next learner on the shared connection.
CREATE TEMP TABLE eq_daily_copy AS SELECT 1 AS n
