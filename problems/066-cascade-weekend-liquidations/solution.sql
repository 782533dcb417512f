-- The cascade weekend (72 hours, half-open range), each venue's long and short liquidations.
SELECT venue,
       sum(usd) FILTER (WHERE side = 'LONG') AS long_usd,
       sum(usd) FILTER (WHERE side = 'SHORT') AS short_usd,
       sum(usd) FILTER (WHERE side = 'LONG') / sum(usd) FILTER (WHERE side = 'SHORT') AS long_short_ratio
FROM liquidations_1h
WHERE ts_utc >= TIMESTAMP '2037-06-19 00:00:00'
  AND ts_utc < TIMESTAMP '2037-06-22 00:00:00'
GROUP BY venue
HAVING count(*) FILTER (WHERE side = 'LONG') > 0 AND count(*) FILTER (WHERE side = 'SHORT') > 0
ORDER BY venue;
