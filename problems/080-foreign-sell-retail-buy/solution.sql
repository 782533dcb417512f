-- One row per venue-session with the two investor types side by side, then count per venue.
WITH days AS (
    SELECT f.venue, f.trade_date, f.net_buy AS foreign_net, r.net_buy AS retail_net
    FROM investor_flows AS f
    JOIN investor_flows AS r
      ON r.venue = f.venue AND r.trade_date = f.trade_date AND r.investor_type = 'RETAIL'
    WHERE f.investor_type = 'FOREIGN'
)
SELECT venue,
       count(*) AS sessions,
       count(*) FILTER (WHERE foreign_net < 0 AND retail_net > 0) AS opposite_days,
       count(*) FILTER (WHERE foreign_net < 0 AND retail_net > 0) / count(*) AS opposite_share,
       sum(retail_net) FILTER (WHERE foreign_net < 0 AND retail_net > 0) AS retail_bought_bn
FROM days
GROUP BY venue
ORDER BY venue;
