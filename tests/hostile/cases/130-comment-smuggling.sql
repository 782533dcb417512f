-- expect: ACCEPTED
-- A second statement hidden in a comment is no statement: this is the right answer and nothing else.
SELECT count(*) AS n FROM eq_daily -- ; COPY eq_daily TO '/tmp/unwind-canary/pwned.csv'
