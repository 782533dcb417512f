-- Rows where foreigners sold OR retail bought, counted without pairing the two on the same session.
SELECT venue,
       count(DISTINCT trade_date) AS sessions,
       count(*) FILTER (WHERE (investor_type = 'FOREIGN' AND net_buy < 0)
                           OR (investor_type = 'RETAIL' AND net_buy > 0)) AS opposite_days,
       count(*) FILTER (WHERE (investor_type = 'FOREIGN' AND net_buy < 0)
                           OR (investor_type = 'RETAIL' AND net_buy > 0)) / count(DISTINCT trade_date)
           AS opposite_share,
       sum(net_buy) FILTER (WHERE investor_type = 'RETAIL' AND net_buy > 0) AS retail_bought_bn
FROM investor_flows
GROUP BY venue
ORDER BY venue;
