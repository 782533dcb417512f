WITH numbered AS (
    SELECT e.security_id, e.trade_date, e.close,
           row_number() OVER (PARTITION BY e.security_id ORDER BY e.trade_date) - 1 AS n
    FROM eq_daily AS e
    JOIN ipo_events AS i ON i.security_id = e.security_id AND e.trade_date >= i.ipo_date
),
entry AS (
    SELECT security_id, trade_date AS entry_date, close AS entry_close FROM numbered WHERE n = 15
)
SELECT i.ticker,
       i.ipo_date,
       day0.close / i.offer_price - 1 AS first_day_return,
       x.entry_date,
       x.entry_close / i.offer_price - 1 AS fade_return,
       x.entry_close / at_launch.close - 1 AS stock_return_since_fund_launch,
       f_end.close / f_start.close - 1 AS fund_return
FROM ipo_events AS i
JOIN entry AS x USING (security_id)
JOIN eq_daily AS day0 ON day0.security_id = i.security_id AND day0.trade_date = i.ipo_date
JOIN eq_daily AS at_launch ON at_launch.security_id = i.security_id AND at_launch.trade_date = i.lev_fund_launch
JOIN eq_daily AS f_start ON f_start.security_id = i.lev_fund_id AND f_start.trade_date = i.lev_fund_launch
JOIN eq_daily AS f_end ON f_end.security_id = i.lev_fund_id AND f_end.trade_date = x.entry_date;
