-- Messages per condition code per name-session, every row of trades counted.
SELECT s.ticker,
       t.trade_date,
       count(*) FILTER (WHERE t.cond = 'REG') AS reg,
       count(*) FILTER (WHERE t.cond = 'ODD') AS odd,
       count(*) FILTER (WHERE t.cond = 'CLOSE_AUCT') AS close_auct,
       count(*) FILTER (WHERE t.cond = 'CANCEL') AS cancel,
       count(*) FILTER (WHERE t.cond = 'CORR') AS corr,
       count(*) AS messages,
       count(*) FILTER (WHERE t.cond IN ('CANCEL', 'CORR')) / count(*) AS cancel_corr_share
FROM trades AS t
JOIN securities AS s USING (security_id)
GROUP BY s.ticker, t.trade_date
ORDER BY s.ticker, t.trade_date;
