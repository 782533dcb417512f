SELECT s.ticker,
       a.action_type,
       a.ex_date,
       a.ratio
FROM corporate_actions AS a
JOIN securities AS s USING (security_id)
WHERE a.action_type IN ('SPLIT', 'RSPLIT')
ORDER BY s.ticker, a.ex_date;
