WITH totals AS (
    SELECT ts_utc, sum(usd) AS usd FROM liquidations_1h GROUP BY ts_utc
),
peak AS (
    SELECT ts_utc AS peak_hour FROM totals ORDER BY usd DESC, ts_utc LIMIT 1
),
liq AS (
    SELECT l.venue, sum(l.usd) AS liq_usd
    FROM liquidations_1h AS l JOIN peak AS p ON l.ts_utc = p.peak_hour
    GROUP BY l.venue
),
o AS (
    SELECT venue, ts_utc, oi_usd, lead(oi_usd, 24) OVER (PARTITION BY venue, pair ORDER BY ts_utc) AS oi_24h
    FROM oi_1h
)
SELECT o.venue, p.peak_hour, coalesce(liq.liq_usd, 0) AS liq_usd, o.oi_usd AS oi_peak, o.oi_24h,
       round(o.oi_24h / o.oi_usd - 1, 6) AS oi_change
FROM peak AS p
JOIN o ON o.ts_utc = p.peak_hour
LEFT JOIN liq ON liq.venue = o.venue
ORDER BY o.venue;
