SELECT o.expiry,
       coalesce(sum(o.open_interest) FILTER (WHERE o.cp = 'C'), 0)::BIGINT AS call_oi,
       coalesce(sum(o.open_interest) FILTER (WHERE o.cp = 'P'), 0)::BIGINT AS put_oi,
       put_oi / nullif(call_oi, 0) AS put_call_ratio
FROM opt_eod AS o
JOIN securities AS s ON s.security_id = o.underlying_id
WHERE s.ticker = 'ZVLT'
  AND o.expiry IN (SELECT expiry FROM opt_eod WHERE quote_date = DATE '2037-06-16')
GROUP BY o.expiry;
