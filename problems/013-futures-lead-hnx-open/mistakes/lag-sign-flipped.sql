-- The future's change taken over the HNX interval moved k minutes later (+ k): lag k is really lag -k.
WITH h AS (
    -- HNX first hour (Seoul 09:00-09:59); each return runs from the previous bar's close to this one's
    SELECT s.ticker,
           ln(b.close / coalesce(LAG(b.close) OVER w, b.open)) AS r,
           coalesce(LAG(b.ts_utc) OVER w + INTERVAL 1 MINUTE, b.ts_utc) AS t_from,
           b.ts_utc + INTERVAL 1 MINUTE AS t_to
    FROM bars_1m AS b
    JOIN securities AS s USING (security_id)
    WHERE s.venue = 'HNX' AND substr(b.ts_raw, 12, 2) = '09'
    WINDOW w AS (PARTITION BY b.security_id, substr(b.ts_raw, 1, 10) ORDER BY b.ts_utc)
),
f AS (  -- the future's log price at the instant each of its bars closes
    SELECT ts_utc + INTERVAL 1 MINUTE AS t, ln(close) AS x FROM futures_1m
),
pairs AS (
    SELECT h.ticker, lags.k, h.r, f1.x - f0.x AS g
    FROM h
    CROSS JOIN (SELECT range AS k FROM range(-5, 11)) AS lags
    JOIN f AS f1 ON f1.t = h.t_to + lags.k * INTERVAL 1 MINUTE
    JOIN f AS f0 ON f0.t = h.t_from + lags.k * INTERVAL 1 MINUTE
)
SELECT ticker,
       k AS lag_min,
       count(*) AS n_pairs,
       sum(r * g) / sqrt(sum(r * r) * sum(g * g)) AS hy_corr
FROM pairs
GROUP BY ticker, k;
