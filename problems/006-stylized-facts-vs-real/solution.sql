-- The statement's formulas in DuckDB: kurtosis() is the bias-corrected (Fisher) estimator it defines,
-- and each group's lag-1 autocorrelation pairs a return with the previous return of the same group.
WITH stocks AS (
    SELECT security_id FROM securities
    WHERE venue = 'NXS' AND asset_class = 'EQ' AND underlying_id IS NULL
),
adj AS (
    SELECT d.security_id, d.trade_date, d.close,
           COALESCE((SELECT SUM(cash) FROM corporate_actions a WHERE a.security_id = d.security_id
                     AND a.ex_date = d.trade_date AND a.action_type = 'DIV'), 0) AS cash,
           COALESCE((SELECT PRODUCT(ratio) FROM corporate_actions a WHERE a.security_id = d.security_id
                     AND a.ex_date = d.trade_date AND a.action_type IN ('SPLIT', 'RSPLIT')), 1) AS ratio
    FROM eq_daily d JOIN stocks USING (security_id)
),
stock_ret AS (
    SELECT trade_date,
           (close + cash) * ratio / LAG(close) OVER (PARTITION BY security_id ORDER BY trade_date) - 1 AS r
    FROM adj
),
sim AS (
    SELECT trade_date, LN(1 + AVG(r)) AS r FROM stock_ret WHERE r IS NOT NULL GROUP BY trade_date
),
real AS (
    SELECT index_code AS source, trade_date,
           LN(adj_close / LAG(adj_close) OVER (PARTITION BY index_code ORDER BY trade_date)) AS r
    FROM real_index_daily
),
grouped AS (
    SELECT 'SIM' AS source,
           CASE WHEN trade_date <= DATE '2036-09-30' THEN 'calm'
                WHEN trade_date <= DATE '2037-05-27' THEN 'boom' ELSE 'stress' END AS regime,
           trade_date, r
    FROM sim
    UNION ALL SELECT 'SIM', 'all', trade_date, r FROM sim
    UNION ALL SELECT source, 'all', trade_date, r FROM real WHERE r IS NOT NULL
),
lagged AS (
    SELECT *, LAG(r) OVER (PARTITION BY source, regime ORDER BY trade_date) AS r_prev FROM grouped
)
SELECT source, regime, COUNT(*) AS n_days, STDDEV_SAMP(r) * SQRT(252) AS ann_vol,
       KURTOSIS(r) AS excess_kurtosis, CORR(r, r_prev) AS acf1_r, CORR(ABS(r), ABS(r_prev)) AS acf1_abs_r
FROM lagged
GROUP BY source, regime;
