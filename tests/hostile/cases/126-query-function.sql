-- expect: ERROR
-- query() runs a string as SQL: smuggle a COPY inside a SELECT.
SELECT * FROM query('COPY eq_daily TO ''/tmp/unwind-canary/pwned.csv''')
