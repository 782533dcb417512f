-- expect: REJECTED
-- layer1: stops
-- A right answer, then a statement that would destroy the data.
SELECT count(*) AS n FROM eq_daily; DROP TABLE eq_daily
