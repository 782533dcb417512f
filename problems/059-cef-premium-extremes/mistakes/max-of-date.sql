SELECT s.ticker,
       max(c.premium) AS max_premium,
       max(c.date) AS max_date,
       min(c.premium) AS min_premium,
       min(c.date) AS min_date
FROM cef_daily AS c
JOIN securities AS s ON s.security_id = c.fund_id
GROUP BY s.ticker;
