-- Negative funding rows only; per venue the earliest one, its rate, and how many there were.
SELECT venue,
       pair,
       min(ts_utc) AS first_negative_ts,
       arg_min(funding_rate, ts_utc) AS funding_rate,
       count(*) AS negative_count
FROM funding_8h
WHERE funding_rate < 0
GROUP BY venue, pair
ORDER BY venue;
