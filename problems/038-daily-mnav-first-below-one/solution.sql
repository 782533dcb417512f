WITH filings AS (
    SELECT date, sum(btc_delta) AS btc_delta
    FROM btc_ledger
    GROUP BY date
),
holdings AS (
    SELECT date, sum(btc_delta) OVER (ORDER BY date) AS btc_held
    FROM filings
),
claims AS (
    SELECT date, sum(notional_usd) AS claims
    FROM instrument_daily
    GROUP BY date
),
zklc AS (
    SELECT e.trade_date AS date, e.close
    FROM eq_daily AS e JOIN securities AS s USING (security_id)
    WHERE s.ticker = 'ZKLC'
),
daily AS (
    SELECT c.date,
           h.btc_held,
           round(c.shares_out * z.close, 2) AS market_cap,
           round(c.shares_out * z.close, 2) + k.claims - c.cash_usd AS enterprise_value,
           h.btc_held * f.price_usd AS btc_nav
    FROM company_daily AS c
    JOIN zklc AS z USING (date)
    JOIN claims AS k USING (date)
    JOIN btc_fix_daily AS f USING (date)
    ASOF JOIN holdings AS h ON h.date <= c.date
),
with_mnav AS (
    SELECT *, round(enterprise_value / btc_nav, 6) AS mnav FROM daily
)
SELECT date,
       round(btc_held, 4) AS btc_held,
       market_cap,
       round(enterprise_value, 2) AS enterprise_value,
       round(btc_nav, 2) AS btc_nav,
       mnav,
       coalesce(date = (SELECT min(date) FROM with_mnav WHERE mnav < 1), FALSE) AS first_below_1
FROM with_mnav
ORDER BY date;
