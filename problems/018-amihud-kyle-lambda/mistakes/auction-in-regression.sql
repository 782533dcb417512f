WITH one AS (
    SELECT *
    FROM trades
    QUALIFY row_number() OVER (PARTITION BY security_id, trade_date, seq ORDER BY ts_ingest, feed) = 1
),
fixes AS (
    SELECT security_id, trade_date, ref_seq, cond AS fix, price AS fix_price, size AS fix_size
    FROM one WHERE cond IN ('CANCEL', 'CORR')
),
clean AS (
    SELECT o.security_id, o.trade_date, o.seq, o.cond, o.ts_exch AS t,
           CASE WHEN f.fix = 'CORR' THEN f.fix_price ELSE o.price END AS price,
           CASE WHEN f.fix = 'CORR' THEN f.fix_size ELSE o.size END AS size
    FROM one AS o
    LEFT JOIN fixes AS f
           ON f.security_id = o.security_id AND f.trade_date = o.trade_date AND f.ref_seq = o.seq
    WHERE o.cond IN ('REG', 'ODD', 'CLOSE_AUCT') AND f.fix IS DISTINCT FROM 'CANCEL'
),
daily AS (
    SELECT security_id, trade_date,
           close / lag(close) OVER (PARTITION BY security_id ORDER BY trade_date) - 1 AS ret
    FROM eq_daily
),
dv AS (
    SELECT security_id, trade_date, sum(price * size) AS dollar_volume FROM clean GROUP BY ALL
),
moves AS (
    SELECT *,
           nullif(sign(price - lag(price) OVER (PARTITION BY security_id, trade_date ORDER BY seq)), 0) AS move
    FROM clean
),
ticked AS (
    SELECT *,
           last_value(move IGNORE NULLS) OVER (
               PARTITION BY security_id, trade_date ORDER BY seq
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS d
    FROM moves
),
buckets AS (
    SELECT security_id, trade_date, time_bucket(INTERVAL 5 MINUTE, t) AS b,
           coalesce(sum(d * price * size), 0) / 1e6 AS flow_musd,
           arg_max(price, seq) AS last_price
    FROM ticked GROUP BY ALL
),
rets AS (
    SELECT *,
           1e4 * ln(last_price / lag(last_price) OVER (PARTITION BY security_id, trade_date ORDER BY b)) AS ret_bp
    FROM buckets
),
kyle AS (
    SELECT security_id, trade_date,
           regr_count(ret_bp, flow_musd) AS buckets,
           regr_slope(ret_bp, flow_musd) AS kyle_lambda,
           regr_r2(ret_bp, flow_musd) AS r2
    FROM rets GROUP BY ALL
)
SELECT s.ticker, k.trade_date, d.ret, v.dollar_volume,
       abs(d.ret) * 1e4 / (v.dollar_volume / 1e6) AS amihud,
       k.buckets, k.kyle_lambda, k.r2
FROM kyle AS k
JOIN dv AS v USING (security_id, trade_date)
JOIN daily AS d USING (security_id, trade_date)
JOIN securities AS s USING (security_id);
