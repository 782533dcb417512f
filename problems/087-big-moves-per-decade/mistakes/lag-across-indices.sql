-- LAG over both indices at once: each "previous close" is the other index's close.
WITH returns AS (
    SELECT index_code,
           trade_date,
           close / LAG(close) OVER (ORDER BY trade_date, index_code) - 1 AS ret
    FROM real_index_daily
)
SELECT index_code,
       year(trade_date) // 10 * 10 AS decade,
       count(*) AS n_returns,
       count(*) FILTER (WHERE ret > 0.05) AS n_up_over_5pct,
       count(*) FILTER (WHERE ret < -0.05) AS n_down_over_5pct
FROM returns
WHERE ret IS NOT NULL
GROUP BY index_code, decade
ORDER BY index_code, decade;
