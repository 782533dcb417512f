-- arg_max/arg_min return the date of the extreme; the ORDER BY in the window form below breaks a tie
-- by the earliest date, which arg_max alone does not promise.
WITH ranked AS (
    SELECT fund_id, date, premium,
           row_number() OVER (PARTITION BY fund_id ORDER BY premium DESC, date) AS hi,
           row_number() OVER (PARTITION BY fund_id ORDER BY premium ASC, date) AS lo
    FROM cef_daily
)
SELECT s.ticker,
       max(r.premium) FILTER (WHERE r.hi = 1) AS max_premium,
       max(r.date) FILTER (WHERE r.hi = 1) AS max_date,
       max(r.premium) FILTER (WHERE r.lo = 1) AS min_premium,
       max(r.date) FILTER (WHERE r.lo = 1) AS min_date
FROM ranked AS r
JOIN securities AS s ON s.security_id = r.fund_id
GROUP BY s.ticker;
