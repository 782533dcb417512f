-- Messages per condition code per name-session, feed A only, so no message is counted twice.
SELECT s.ticker,
       t.trade_date,
       count(DISTINCT t.seq) FILTER (WHERE t.cond = 'REG') AS reg,
       count(DISTINCT t.seq) FILTER (WHERE t.cond = 'ODD') AS odd,
       count(DISTINCT t.seq) FILTER (WHERE t.cond = 'CLOSE_AUCT') AS close_auct,
       count(DISTINCT t.seq) FILTER (WHERE t.cond = 'CANCEL') AS cancel,
       count(DISTINCT t.seq) FILTER (WHERE t.cond = 'CORR') AS corr,
       count(DISTINCT t.seq) AS messages,
       count(DISTINCT t.seq) FILTER (WHERE t.cond IN ('CANCEL', 'CORR')) / count(DISTINCT t.seq) AS cancel_corr_share
FROM trades AS t
JOIN securities AS s USING (security_id)
WHERE t.feed = 'A'
GROUP BY s.ticker, t.trade_date
ORDER BY s.ticker, t.trade_date;
