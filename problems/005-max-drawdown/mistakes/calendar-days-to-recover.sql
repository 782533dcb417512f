WITH memory AS (
    SELECT security_id, ticker
    FROM securities
    WHERE venue = 'NXS' AND asset_class = 'EQ' AND sector = 'Memory'
),
px AS (
    SELECT m.ticker, d.trade_date, d.close,
           MAX(d.close) OVER (PARTITION BY d.security_id ORDER BY d.trade_date
                              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS run_peak
    FROM eq_daily AS d
    JOIN memory AS m USING (security_id)
),
trough AS (
    SELECT ticker, trade_date AS trough_date, close AS trough_close, run_peak AS peak_close,
           close / run_peak - 1 AS max_drawdown
    FROM px
    QUALIFY ROW_NUMBER() OVER (PARTITION BY ticker ORDER BY close / run_peak - 1, trade_date) = 1
),
peak AS (
    SELECT t.ticker, MAX(p.trade_date) AS peak_date
    FROM trough AS t
    JOIN px AS p ON p.ticker = t.ticker AND p.trade_date <= t.trough_date AND p.close = t.peak_close
    GROUP BY t.ticker
),
recovery AS (
    SELECT t.ticker, MIN(p.trade_date) AS recovery_date
    FROM trough AS t
    JOIN px AS p ON p.ticker = t.ticker AND p.trade_date > t.trough_date AND p.close >= t.peak_close
    GROUP BY t.ticker
)
SELECT t.ticker,
       k.peak_date,
       t.peak_close,
       t.trough_date,
       t.trough_close,
       t.max_drawdown,
       r.recovery_date,
       r.recovery_date - t.trough_date AS sessions_to_recover
FROM trough AS t
JOIN peak AS k USING (ticker)
LEFT JOIN recovery AS r USING (ticker);
