WITH daily AS (
    SELECT o.underlying_id, o.quote_date,
           CAST(sum(o.open_interest) FILTER (WHERE o.cp = 'P') AS BIGINT) AS put_oi,
           CAST(sum(o.open_interest) FILTER (WHERE o.cp = 'C') AS BIGINT) AS call_oi
    FROM opt_eod AS o
    WHERE o.quote_date >= DATE '2036-10-01'
    GROUP BY o.underlying_id, o.quote_date
),
ratios AS (
    SELECT *, put_oi / call_oi AS pc_ratio FROM daily
),
windowed AS (
    SELECT *,
           avg(pc_ratio) OVER w AS prev_mean,
           stddev_samp(pc_ratio) OVER w AS prev_sd,
           count(*) OVER w AS prev_n
    FROM ratios
    WINDOW w AS (PARTITION BY underlying_id ORDER BY quote_date ROWS BETWEEN 20 PRECEDING AND 1 PRECEDING)
)
SELECT s.ticker, x.quote_date, x.put_oi, x.call_oi, x.pc_ratio,
       CASE WHEN x.prev_n = 20 THEN (x.pc_ratio - x.prev_mean) / x.prev_sd END AS z20
FROM windowed AS x
JOIN securities AS s ON s.security_id = x.underlying_id
ORDER BY s.ticker, x.quote_date;
