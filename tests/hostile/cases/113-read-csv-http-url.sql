-- expect: ERROR
-- Read over HTTP from the Redis port on the grader's machine.
SELECT * FROM read_csv('http://127.0.0.1:6379/')
