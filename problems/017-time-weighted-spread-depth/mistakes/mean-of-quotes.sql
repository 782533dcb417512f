WITH q AS (     -- valid quotes
    SELECT security_id, ts AS t, (ask - bid) / ((ask + bid) / 2) * 1e4 AS spread_bp
    FROM quotes
    WHERE bid < ask
),
opens AS (
    SELECT security_id, CAST(t AS DATE) AS d, min(t) AS open FROM q GROUP BY ALL
),
grid AS (       -- 78 five-minute buckets per name-session
    SELECT o.security_id, o.d, o.open, o.open + to_minutes(5 * k) AS b
    FROM opens AS o, range(78) AS r(k)
),
events AS (     -- quotes plus the bucket boundaries, which carry the quote in force
    SELECT security_id, t, spread_bp, 1 AS is_quote FROM q
    UNION ALL
    SELECT security_id, b, NULL, 0 FROM grid
),
timed AS (
    SELECT e.*, o.open,
           last_value(e.spread_bp IGNORE NULLS) OVER w AS in_force,
           date_diff('microsecond', e.t,
                     coalesce(lead(e.t) OVER (PARTITION BY e.security_id, o.d ORDER BY e.t, e.is_quote),
                              o.open + INTERVAL 390 MINUTE)) / 1e6 AS dur
    FROM events AS e
    JOIN opens AS o ON o.security_id = e.security_id AND o.d = CAST(e.t AS DATE)
    WINDOW w AS (PARTITION BY e.security_id, o.d ORDER BY e.t, e.is_quote
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
spread AS (
    SELECT security_id, open + to_minutes(5 * CAST(floor(date_diff('microsecond', open, t) / 300e6) AS INTEGER)) AS b,
           avg(spread_bp) AS tw_spread_bp,
           sum(is_quote) AS n_quotes
    FROM timed
    GROUP BY ALL
),
snaps AS (
    SELECT security_id, ts AS t, px, sz,
           avg(px) FILTER (WHERE level = 1) OVER (PARTITION BY security_id, ts) AS mid
    FROM depth_10s
),
depth AS (
    SELECT s.security_id, o.open + to_minutes(5 * CAST(floor(date_diff('microsecond', o.open, s.t) / 300e6) AS INTEGER)) AS b,
           avg(s.usd) AS depth5_usd
    FROM (SELECT security_id, t, coalesce(sum(px * sz) FILTER (WHERE abs(px - mid) <= 0.0005 * mid), 0) AS usd
          FROM snaps GROUP BY ALL) AS s
    JOIN opens AS o ON o.security_id = s.security_id AND o.d = CAST(s.t AS DATE)
    GROUP BY ALL
)
SELECT sec.ticker,
       g.d AS trade_date,
       strftime(timezone('America/New_York', timezone('UTC', g.b)), '%H:%M') AS bucket_start,
       sp.tw_spread_bp,
       coalesce(dp.depth5_usd, 0) AS depth5_usd,
       CAST(sp.n_quotes AS BIGINT) AS n_quotes
FROM grid AS g
JOIN spread AS sp USING (security_id, b)
LEFT JOIN depth AS dp USING (security_id, b)
JOIN securities AS sec USING (security_id);
