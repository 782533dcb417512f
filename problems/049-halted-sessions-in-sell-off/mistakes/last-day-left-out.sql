SELECT s.ticker,
       s.venue,
       count(*) AS halted_sessions,
       sum(d.halt_minutes) AS halt_minutes
FROM eq_daily AS d
JOIN securities AS s USING (security_id)
WHERE d.trade_date >= DATE '2037-06-12' AND d.trade_date < DATE '2037-06-22'
  AND d.halt_minutes > 0
GROUP BY s.ticker, s.venue
ORDER BY halted_sessions DESC, halt_minutes DESC, s.ticker;
