SELECT e.event_id,
       e.event_type,
       s.ticker,
       es.ticker_in_text <> s.ticker AS misspelled,
       e.announced,
       e.effective,
       d.close / LAG(d.close) OVER (PARTITION BY d.security_id ORDER BY d.trade_date) - 1 AS effective_return
FROM reg_events AS e
JOIN event_securities AS es USING (event_id)
JOIN securities AS s USING (security_id)
JOIN eq_daily AS d ON d.security_id = es.security_id AND d.trade_date = e.effective
WHERE e.event_type <> 'CB_TRIGGER';
