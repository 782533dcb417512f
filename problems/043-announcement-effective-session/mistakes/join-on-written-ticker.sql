WITH splits AS (
    SELECT security_id, ex_date, PRODUCT(ratio) AS ratio
    FROM corporate_actions
    WHERE action_type IN ('SPLIT', 'RSPLIT')
    GROUP BY security_id, ex_date
),
returns AS (
    SELECT d.security_id,
           d.trade_date,
           d.close * COALESCE(a.ratio, 1) / LAG(d.close) OVER (PARTITION BY d.security_id ORDER BY d.trade_date) - 1
               AS ret
    FROM eq_daily AS d
    LEFT JOIN splits AS a ON a.security_id = d.security_id AND a.ex_date = d.trade_date
)
SELECT e.event_id,
       e.event_type,
       s.ticker,
       es.ticker_in_text <> s.ticker AS misspelled,
       e.announced,
       e.effective,
       r.ret AS effective_return
FROM reg_events AS e
JOIN event_securities AS es USING (event_id)
JOIN securities AS s ON s.ticker = es.ticker_in_text
JOIN returns AS r ON r.security_id = es.security_id AND r.trade_date = e.effective
WHERE e.event_type <> 'CB_TRIGGER' AND r.ret IS NOT NULL;
