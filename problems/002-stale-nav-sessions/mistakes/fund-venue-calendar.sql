WITH rows AS (
    SELECT d.fund_id, d.premium_bp, m.venue, u.venue AS underlying_venue,
           CASE WHEN dayofweek(d.date) = 1 THEN d.date - 3 ELSE d.date - 1 END AS prev_weekday
    FROM etp_daily AS d
    JOIN etp_master AS m USING (fund_id)
    JOIN securities AS u ON u.security_id = m.underlying_id
    WHERE m.venue IN ('HNX', 'KYX', 'VHK')
),
flagged AS (
    SELECT r.*,
           coalesce(r.underlying_venue <> r.venue AND NOT c.is_open, FALSE) AS stale
    FROM rows AS r
    LEFT JOIN trading_calendar AS c ON c.venue = r.venue AND c.cal_date = r.prev_weekday
)
SELECT s.ticker,
       f.underlying_venue,
       count(*) AS sessions,
       count(*) FILTER (WHERE f.stale) AS stale_sessions,
       avg(abs(f.premium_bp)) FILTER (WHERE f.stale) AS avg_abs_premium_stale_bp,
       avg(abs(f.premium_bp)) FILTER (WHERE NOT f.stale) AS avg_abs_premium_fresh_bp
FROM flagged AS f
JOIN securities AS s ON s.security_id = f.fund_id
GROUP BY s.ticker, f.underlying_venue;
