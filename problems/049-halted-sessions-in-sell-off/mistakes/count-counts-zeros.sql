SELECT s.ticker,
       s.venue,
       count(d.halt_minutes) AS halted_sessions,
       sum(d.halt_minutes) AS halt_minutes
FROM eq_daily AS d
JOIN securities AS s USING (security_id)
WHERE d.trade_date BETWEEN DATE '2037-06-12' AND DATE '2037-06-22'
GROUP BY s.ticker, s.venue
HAVING sum(d.halt_minutes) > 0
ORDER BY halted_sessions DESC, halt_minutes DESC, s.ticker;
