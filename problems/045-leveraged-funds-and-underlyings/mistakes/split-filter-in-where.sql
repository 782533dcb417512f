SELECT f.ticker AS fund_ticker,
       f.venue,
       f.leverage,
       u.ticker AS underlying_ticker,
       a.ex_date AS underlying_split_date
FROM securities AS f
JOIN securities AS u ON u.security_id = f.underlying_id
LEFT JOIN corporate_actions AS a ON a.security_id = u.security_id
WHERE f.asset_class = 'ETP'
  AND a.action_type IN ('SPLIT', 'RSPLIT')
ORDER BY fund_ticker;
