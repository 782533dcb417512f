-- expect: MEMORY_LIMIT, ERROR
-- A hundred gigabytes of string in one aggregate.
SELECT length(string_agg(repeat('x', 1000000), '')) AS n FROM range(100000)
