WITH usdt AS (
    -- CX1 prices USDT in USD every hour
    SELECT ts_utc, close AS usd_per_usdt
    FROM ohlcv_1h
    WHERE venue = 'CX1' AND pair = 'USDT-USD'
),
lows AS (
    SELECT o.venue, o.pair, o.ts_utc,
           CASE WHEN p.quote_ccy = 'USDT' THEN o.low * u.usd_per_usdt ELSE o.low END AS low_usd
    FROM ohlcv_1h AS o
    JOIN crypto_pairs AS p USING (venue, pair)
    LEFT JOIN usdt AS u USING (ts_utc)
    WHERE p.base = 'BTC'
),
compared AS (
    SELECT a.venue, a.pair, a.ts_utc, a.low_usd,
           median(b.low_usd) AS others_median_usd,
           count(*) AS others
    FROM lows AS a
    JOIN lows AS b ON b.ts_utc = a.ts_utc AND b.venue <> a.venue
    GROUP BY a.venue, a.pair, a.ts_utc, a.low_usd
)
SELECT venue, pair, ts_utc, low_usd, others_median_usd, others,
       low_usd / others_median_usd - 1 AS gap
FROM compared
WHERE low_usd < 0.97 * others_median_usd
ORDER BY ts_utc, venue, pair;
