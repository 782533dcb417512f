-- The earliest negative funding over all venues, instead of per venue.
SELECT venue,
       pair,
       ts_utc AS first_negative_ts,
       funding_rate,
       count(*) OVER () AS negative_count
FROM funding_8h
WHERE funding_rate < 0
ORDER BY ts_utc, venue
LIMIT 1;
