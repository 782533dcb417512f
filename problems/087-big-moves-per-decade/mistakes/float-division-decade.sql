-- The decade with "/", which in DuckDB is float division: year / 10 * 10 is the year again.
WITH returns AS (
    SELECT index_code,
           trade_date,
           close / LAG(close) OVER (PARTITION BY index_code ORDER BY trade_date) - 1 AS ret
    FROM real_index_daily
)
SELECT index_code,
       year(trade_date) / 10 * 10 AS decade,
       count(*) AS n_returns,
       count(*) FILTER (WHERE ret > 0.05) AS n_up_over_5pct,
       count(*) FILTER (WHERE ret < -0.05) AS n_down_over_5pct
FROM returns
WHERE ret IS NOT NULL
GROUP BY index_code, decade
ORDER BY index_code, decade;
