-- Pools every session: each bucket's total volume over all sessions / all sessions' total volume.
WITH bars AS (
    SELECT s.ticker,
           strftime(time_bucket(INTERVAL 30 MINUTE, timezone('America/New_York', timezone('UTC', b.ts_utc))),
                    '%H:%M') AS bucket_start,
           CAST(b.ts_utc AS DATE) AS trade_date,
           b.volume
    FROM bars_1m AS b
    JOIN securities AS s USING (security_id)
    WHERE s.venue = 'NXS'
      AND CAST(b.ts_utc AS DATE) BETWEEN DATE '2037-05-28' AND DATE '2037-06-11'
      AND b.volume IS NOT NULL
),
buckets AS (
    SELECT ticker, bucket_start, count(DISTINCT trade_date) AS sessions, sum(volume) AS volume
    FROM bars
    GROUP BY ALL
)
SELECT ticker,
       bucket_start,
       sessions,
       volume / sum(volume) OVER (PARTITION BY ticker) AS avg_volume_share
FROM buckets
ORDER BY ticker, bucket_start;
