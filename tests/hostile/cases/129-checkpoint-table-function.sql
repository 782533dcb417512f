-- expect: WRONG_ANSWER, ERROR
-- CHECKPOINT as a table function, inside a SELECT (harmless on a read-only file).
SELECT * FROM checkpoint()
