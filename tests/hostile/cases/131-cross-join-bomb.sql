-- expect: TIME_LIMIT, MEMORY_LIMIT, ERROR
-- A billion by a billion rows.
SELECT count(*) AS n FROM range(1000000000) a, range(1000000000) b
