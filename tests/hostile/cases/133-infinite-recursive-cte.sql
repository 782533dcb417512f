-- expect: TIME_LIMIT, MEMORY_LIMIT, ERROR
-- A recursive CTE with no end.
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) AS n FROM r
