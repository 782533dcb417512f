-- Realized variance from 5-minute log returns inside each session, next to Parkinson's range estimator.
WITH bars AS (
    SELECT security_id,
           CAST(ts_utc AS DATE) AS trade_date,
           time_bucket(INTERVAL 5 MINUTE, ts_utc) AS bucket,
           ts_utc, open, high, low, close
    FROM bars_1m
),
five AS (   -- the close of each 5-minute bucket is the close of its last bar
    SELECT security_id, trade_date, bucket, arg_max(close, ts_utc) AS close
    FROM bars
    GROUP BY ALL
),
sessions AS (
    SELECT security_id, trade_date,
           arg_min(open, ts_utc) AS open, max(high) AS high, min(low) AS low
    FROM bars
    GROUP BY ALL
),
returns AS (   -- the first bucket's return starts from the session's open, never from yesterday
    SELECT f.security_id, f.trade_date,
           ln(f.close / coalesce(lag(f.close) OVER (PARTITION BY f.security_id, f.trade_date ORDER BY f.bucket),
                                 s.open)) AS r
    FROM five AS f
    JOIN sessions AS s USING (security_id, trade_date)
),
rv AS (
    SELECT security_id, trade_date, count(*) AS n_returns, sum(r * r) AS rv
    FROM returns
    GROUP BY ALL
)
SELECT sec.ticker,
       rv.trade_date,
       rv.n_returns,
       rv.rv,
       ln(s.high / s.low) ^ 2 AS parkinson,
       rv.rv / (ln(s.high / s.low) ^ 2) AS rv_to_parkinson
FROM rv
JOIN sessions AS s USING (security_id, trade_date)
JOIN securities AS sec USING (security_id)
ORDER BY sec.ticker, rv.trade_date;
