-- expect: ERROR
-- The environment of this process and of PID 1, as text.
SELECT content FROM read_text(['/proc/self/environ', '/proc/1/environ'])
