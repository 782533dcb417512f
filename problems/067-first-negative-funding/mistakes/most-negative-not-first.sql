-- The time of the most negative rate instead of the first negative one.
SELECT venue,
       pair,
       arg_min(ts_utc, funding_rate) AS first_negative_ts,
       min(funding_rate) AS funding_rate,
       count(*) AS negative_count
FROM funding_8h
WHERE funding_rate < 0
GROUP BY venue, pair
ORDER BY venue;
