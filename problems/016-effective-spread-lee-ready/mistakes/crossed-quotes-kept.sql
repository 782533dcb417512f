WITH one AS (   -- the clean tape of problem 15, without the closing auction
    SELECT *
    FROM trades
    QUALIFY row_number() OVER (PARTITION BY security_id, trade_date, seq ORDER BY ts_ingest, feed) = 1
),
fixes AS (
    SELECT security_id, trade_date, ref_seq, cond AS fix, price AS fix_price, size AS fix_size
    FROM one WHERE cond IN ('CANCEL', 'CORR')
),
clean AS (
    SELECT o.security_id, o.trade_date, o.seq, o.ts_exch AS t,
           CASE WHEN f.fix = 'CORR' THEN f.fix_price ELSE o.price END AS price,
           CASE WHEN f.fix = 'CORR' THEN f.fix_size ELSE o.size END AS size
    FROM one AS o
    LEFT JOIN fixes AS f
           ON f.security_id = o.security_id AND f.trade_date = o.trade_date AND f.ref_seq = o.seq
    WHERE o.cond IN ('REG', 'ODD') AND f.fix IS DISTINCT FROM 'CANCEL'
),
moves AS (
    SELECT *,
           nullif(sign(price - lag(price) OVER (PARTITION BY security_id, trade_date ORDER BY seq)), 0) AS move
    FROM clean
),
ticked AS (     -- tick test: direction of the last price change up to this print
    SELECT *,
           last_value(move IGNORE NULLS) OVER (
               PARTITION BY security_id, trade_date ORDER BY seq
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS tick
    FROM moves
),
q AS (
    SELECT security_id, ts AS t, (bid + ask) / 2 AS mid
    FROM quotes
),
joined AS (
    SELECT k.*, q0.mid AS mid, q1.mid AS mid_later
    FROM ticked AS k
    ASOF JOIN q AS q0 ON q0.security_id = k.security_id AND q0.t <= k.t
    ASOF JOIN q AS q1 ON q1.security_id = k.security_id AND q1.t <= k.t + INTERVAL 60 SECOND
),
signed AS (
    SELECT *,
           CASE WHEN price > mid THEN 1 WHEN price < mid THEN -1 ELSE tick END AS d
    FROM joined
)
SELECT s.ticker,
       x.trade_date,
       count(*) AS prints,
       count(*) FILTER (WHERE d IS NOT NULL) AS signed_prints,
       avg(CASE WHEN d = 1 THEN 1.0 WHEN d = -1 THEN 0.0 END) AS buy_share,
       sum(size * 2 * abs(price - mid) / mid * 1e4) / sum(size) AS eff_spread_bp,
       sum(size * 2 * d * (mid_later - mid) / mid * 1e4) FILTER (WHERE d IS NOT NULL)
           / sum(size) FILTER (WHERE d IS NOT NULL) AS impact_1m_bp,
       sum(size * 2 * d * (price - mid_later) / mid * 1e4) FILTER (WHERE d IS NOT NULL)
           / sum(size) FILTER (WHERE d IS NOT NULL) AS realized_1m_bp
FROM signed AS x
JOIN securities AS s USING (security_id)
GROUP BY s.ticker, x.trade_date;
