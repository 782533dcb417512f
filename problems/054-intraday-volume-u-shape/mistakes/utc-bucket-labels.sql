-- Each session's volume share per 30-minute New York bucket, then the mean share over the sessions.
WITH bars AS (
    SELECT s.ticker,
           CAST(b.ts_utc AS DATE) AS trade_date,
           -- bucket the bar times as stored
           strftime(time_bucket(INTERVAL 30 MINUTE, b.ts_utc),
                    '%H:%M') AS bucket_start,
           b.volume
    FROM bars_1m AS b
    JOIN securities AS s USING (security_id)
    WHERE s.venue = 'NXS'
      AND CAST(b.ts_utc AS DATE) BETWEEN DATE '2037-05-28' AND DATE '2037-06-11'
),
buckets AS (
    SELECT ticker, trade_date, bucket_start, sum(volume) AS volume
    FROM bars
    GROUP BY ALL
),
shares AS (
    SELECT *, volume / sum(volume) OVER (PARTITION BY ticker, trade_date) AS share
    FROM buckets
)
SELECT ticker,
       bucket_start,
       count(share) AS sessions,
       avg(share) AS avg_volume_share
FROM shares
WHERE share IS NOT NULL   -- sessions whose volume the feed lost
GROUP BY ticker, bucket_start
ORDER BY ticker, bucket_start;
