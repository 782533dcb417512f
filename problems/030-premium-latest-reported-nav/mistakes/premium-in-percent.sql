WITH month_ends AS (
    SELECT fund_id, max(date) AS month_end
    FROM cef_daily
    GROUP BY fund_id, date_trunc('month', date)
),
px AS (
    SELECT c.fund_id, c.date, c.price
    FROM cef_daily AS c
    JOIN month_ends AS m ON m.fund_id = c.fund_id AND m.month_end = c.date
),
known AS (
    SELECT px.*, r.nav AS nav_reported, r.period_end AS nav_period_end
    FROM px ASOF JOIN cef_nav_reports AS r ON r.fund_id = px.fund_id AND r.report_date <= px.date
),
lookahead AS (
    SELECT px.fund_id, px.date, r.nav AS nav_lookahead
    FROM px ASOF JOIN cef_nav_reports AS r ON r.fund_id = px.fund_id AND r.period_end <= px.date
)
SELECT s.ticker,
       k.date AS month_end,
       k.price,
       k.nav_reported,
       k.nav_period_end,
       k.date - k.nav_period_end AS staleness_days,
       round((k.price / k.nav_reported - 1) * 100, 6) AS premium,
       round((k.price / l.nav_lookahead - 1) * 100, 6) AS lookahead_premium
FROM known AS k
JOIN lookahead AS l USING (fund_id, date)
JOIN securities AS s ON s.security_id = k.fund_id
ORDER BY s.ticker, month_end;
