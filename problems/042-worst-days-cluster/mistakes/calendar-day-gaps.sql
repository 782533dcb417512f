WITH splits AS (
    SELECT security_id, ex_date, PRODUCT(ratio) AS ratio
    FROM corporate_actions
    WHERE action_type IN ('SPLIT', 'RSPLIT')
    GROUP BY security_id, ex_date
),
sim AS (
    SELECT 'ZVLT' AS source,
           d.trade_date,
           LN(d.close * COALESCE(a.ratio, 1) / LAG(d.close) OVER (ORDER BY d.trade_date)) AS log_return,
           ROW_NUMBER() OVER (ORDER BY d.trade_date) AS session_no
    FROM eq_daily AS d
    JOIN securities AS s USING (security_id)
    LEFT JOIN splits AS a ON a.security_id = d.security_id AND a.ex_date = d.trade_date
    WHERE s.ticker = 'ZVLT'
),
real AS (
    SELECT index_code AS source,
           trade_date,
           LN(close / LAG(close) OVER (PARTITION BY index_code ORDER BY trade_date)) AS log_return,
           ROW_NUMBER() OVER (PARTITION BY index_code ORDER BY trade_date) AS session_no
    FROM real_index_daily
),
returns AS (
    SELECT *,
           CASE WHEN COUNT(log_return) OVER prior = 20
                THEN STDDEV_SAMP(log_return) OVER prior * SQRT(252) END AS prior_vol_20
    FROM (SELECT * FROM sim UNION ALL SELECT * FROM real)
    WINDOW prior AS (PARTITION BY source ORDER BY session_no ROWS BETWEEN 20 PRECEDING AND 1 PRECEDING)
),
worst AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY source ORDER BY log_return, trade_date) AS worst_rank
    FROM returns
    WHERE log_return IS NOT NULL
    QUALIFY worst_rank <= 10
)
SELECT source,
       worst_rank,
       trade_date,
       log_return,
       DATE_DIFF('day', LAG(trade_date) OVER (PARTITION BY source ORDER BY trade_date), trade_date) AS gap_sessions,
       prior_vol_20
FROM worst;
