-- One row per issuer: its 5Y spread on the first and last session, and the highest in between.
SELECT c.issuer_id,
       i.issuer_name,
       i.segment,
       arg_min(c.spread_bp, c.trade_date) AS first_spread,
       max(c.spread_bp) AS peak_spread,
       arg_max(c.spread_bp, c.trade_date) AS last_spread,
       arg_max(c.spread_bp, c.trade_date) - arg_min(c.spread_bp, c.trade_date) AS widening_bp
FROM cds_daily AS c
JOIN credit_issuers AS i USING (issuer_id)
WHERE c.tenor = '5Y'
GROUP BY c.issuer_id, i.issuer_name, i.segment
ORDER BY widening_bp DESC, c.issuer_id;
