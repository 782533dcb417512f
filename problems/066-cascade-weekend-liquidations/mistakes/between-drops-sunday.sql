-- The weekend as BETWEEN two dates (the end date counts as its midnight).
SELECT venue,
       sum(usd) FILTER (WHERE side = 'LONG') AS long_usd,
       sum(usd) FILTER (WHERE side = 'SHORT') AS short_usd,
       sum(usd) FILTER (WHERE side = 'LONG') / sum(usd) FILTER (WHERE side = 'SHORT') AS long_short_ratio
FROM liquidations_1h
WHERE ts_utc BETWEEN DATE '2037-06-19' AND DATE '2037-06-21'
GROUP BY venue
HAVING count(*) FILTER (WHERE side = 'LONG') > 0 AND count(*) FILTER (WHERE side = 'SHORT') > 0
ORDER BY venue;
