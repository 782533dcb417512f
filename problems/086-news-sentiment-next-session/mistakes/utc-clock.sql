-- The UTC publication time compared with the venue's local close (no time-zone conversion).
WITH mentions AS (
    SELECT news_id,
           sentiment,
           ts_utc,
           trim(unnest(string_split(tickers_mentioned, ','))) AS ticker
    FROM news
),
local AS (
    SELECT m.news_id,
           m.sentiment,
           m.ticker,
           s.security_id,
           s.venue,
           m.ts_utc AS ts_local
    FROM mentions AS m
    JOIN securities AS s ON s.ticker = m.ticker AND s.asset_class = 'EQ'
    JOIN venues AS v ON v.venue = s.venue
),
splits AS (
    SELECT security_id, ex_date, product(ratio) AS ratio
    FROM corporate_actions
    WHERE action_type IN ('SPLIT', 'RSPLIT')
    GROUP BY security_id, ex_date
),
bars AS (
    SELECT d.security_id,
           d.trade_date,
           d.close * coalesce(a.ratio, 1)
               / LAG(d.close) OVER (PARTITION BY d.security_id ORDER BY d.trade_date) - 1 AS ret,
           LEAD(d.close * coalesce(a.ratio, 1)) OVER (PARTITION BY d.security_id ORDER BY d.trade_date)
               / d.close - 1 AS next_ret
    FROM eq_daily AS d
    LEFT JOIN splits AS a ON a.security_id = d.security_id AND a.ex_date = d.trade_date
),
effective AS (
    SELECT l.*,
           (SELECT min(b.trade_date)
            FROM eq_daily AS b
            LEFT JOIN trading_calendar AS c ON c.venue = l.venue AND c.cal_date = b.trade_date
            WHERE b.security_id = l.security_id
              AND (b.trade_date > CAST(l.ts_local AS DATE)
                   OR (b.trade_date = CAST(l.ts_local AS DATE) AND CAST(l.ts_local AS TIME) < c.close_local))
           ) AS effective_session
    FROM local AS l
)
SELECT e.news_id,
       e.ticker,
       e.sentiment,
       e.effective_session,
       b.ret AS effective_return,
       b.next_ret AS next_return
FROM effective AS e
JOIN bars AS b ON b.security_id = e.security_id AND b.trade_date = e.effective_session;
