-- expect: ERROR, REJECTED, MEMORY_LIMIT
-- One 100 MB cell, more than a reply frame may carry.
SELECT repeat('x', 100000000) AS n
