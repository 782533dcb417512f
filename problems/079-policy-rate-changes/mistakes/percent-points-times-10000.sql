-- rate_pct is in percent, yet the move is multiplied by 10,000 as if it were a fraction.
WITH changes AS (
    SELECT ccy, central_bank, eff_date, rate_pct,
           lag(rate_pct) OVER (PARTITION BY ccy ORDER BY eff_date) AS prev_rate_pct
    FROM policy_rates
)
SELECT c.ccy, c.central_bank, c.eff_date, c.prev_rate_pct, c.rate_pct,
       round((c.rate_pct - c.prev_rate_pct) * 10000) AS change_bp,
       (f.close / f.open - 1) * 100 AS usd_fx_change_pct
FROM changes AS c
LEFT JOIN fx_daily AS f ON f.pair = 'USD' || c.ccy AND f.trade_date = c.eff_date
WHERE c.prev_rate_pct IS NOT NULL
ORDER BY c.eff_date, c.ccy;
