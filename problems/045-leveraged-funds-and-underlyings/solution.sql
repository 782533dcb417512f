-- Two copies of securities: f is the fund, u the security it tracks. The split condition sits in
-- the LEFT JOIN's ON clause so funds whose underlying never split keep their row.
SELECT f.ticker AS fund_ticker,
       f.venue,
       f.leverage,
       u.ticker AS underlying_ticker,
       a.ex_date AS underlying_split_date
FROM securities AS f
JOIN securities AS u ON u.security_id = f.underlying_id
LEFT JOIN corporate_actions AS a
       ON a.security_id = u.security_id AND a.action_type IN ('SPLIT', 'RSPLIT')
WHERE f.asset_class = 'ETP'
ORDER BY fund_ticker;
