-- One level series per source (the simulated basket compounded from its mean daily return, the real
-- indices' closes), then the running peak, the drawdown and the dates read off it.
WITH chips AS (
    SELECT security_id FROM securities
    WHERE venue = 'NXS' AND asset_class = 'EQ' AND underlying_id IS NULL
      AND sector IN ('AI Accelerators', 'Memory', 'Foundry & Equipment', 'Networking Silicon')
),
splits AS (
    SELECT security_id, ex_date AS trade_date, product(ratio) AS ratio
    FROM corporate_actions
    WHERE action_type IN ('SPLIT', 'RSPLIT')
    GROUP BY ALL
),
stock_returns AS (
    SELECT d.trade_date,
           d.close * coalesce(s.ratio, 1.0)
               / lag(d.close) OVER (PARTITION BY d.security_id ORDER BY d.trade_date) - 1 AS ret
    FROM eq_daily AS d
    JOIN chips USING (security_id)
    LEFT JOIN splits AS s USING (security_id, trade_date)
),
basket AS (
    SELECT trade_date, coalesce(avg(ret), 0.0) AS ret FROM stock_returns GROUP BY trade_date
),
levels AS (
    SELECT 'SIM_CHIPS' AS source, trade_date,
           product(1 + ret) OVER (ORDER BY trade_date ROWS UNBOUNDED PRECEDING) AS level
    FROM basket
    UNION ALL
    SELECT index_code, trade_date, close FROM real_index_daily
),
measured AS (
    SELECT source, trade_date, level,
           max(level) OVER running AS peak_level,
           level / max(level) OVER running - 1 AS drawdown,
           level / lag(level) OVER by_date - 1 AS ret,
           row_number() OVER by_date AS n
    FROM levels
    WINDOW by_date AS (PARTITION BY source ORDER BY trade_date),
           running AS (PARTITION BY source ORDER BY trade_date ROWS UNBOUNDED PRECEDING)
),
trough AS (
    SELECT source, trade_date AS trough_date, drawdown AS max_drawdown, peak_level, n AS trough_n
    FROM measured
    QUALIFY row_number() OVER (PARTITION BY source ORDER BY drawdown, trade_date) = 1
),
peak AS (
    SELECT t.source, min(m.trade_date) AS peak_date, min(m.n) AS peak_n
    FROM trough AS t
    JOIN measured AS m ON m.source = t.source AND m.trade_date <= t.trough_date AND m.level = t.peak_level
    GROUP BY t.source
),
recovery AS (
    SELECT t.source, min(m.trade_date) AS recovery_date
    FROM trough AS t
    JOIN measured AS m ON m.source = t.source AND m.trade_date >= t.trough_date AND m.level >= t.peak_level
    GROUP BY t.source
),
worst AS (
    SELECT source, trade_date AS worst_day_date, ret AS worst_day_return
    FROM measured
    WHERE ret IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY source ORDER BY ret, trade_date) = 1
)
SELECT t.source, p.peak_date, t.trough_date, t.max_drawdown,
       t.trough_n - p.peak_n AS sessions_to_trough,
       r.recovery_date, w.worst_day_date, w.worst_day_return
FROM trough AS t
JOIN peak AS p USING (source)
LEFT JOIN recovery AS r USING (source)
JOIN worst AS w USING (source);
