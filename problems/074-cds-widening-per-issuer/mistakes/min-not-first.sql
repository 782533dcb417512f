-- The "first" spread taken as the lowest spread of the history.
SELECT c.issuer_id,
       i.issuer_name,
       i.segment,
       min(c.spread_bp) AS first_spread,
       max(c.spread_bp) AS peak_spread,
       arg_max(c.spread_bp, c.trade_date) AS last_spread,
       arg_max(c.spread_bp, c.trade_date) - min(c.spread_bp) AS widening_bp
FROM cds_daily AS c
JOIN credit_issuers AS i USING (issuer_id)
WHERE c.tenor = '5Y'
GROUP BY c.issuer_id, i.issuer_name, i.segment
ORDER BY widening_bp DESC, c.issuer_id;
