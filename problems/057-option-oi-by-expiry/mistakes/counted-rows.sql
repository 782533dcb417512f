SELECT o.expiry,
       count(*) FILTER (WHERE o.cp = 'C') AS call_oi,
       count(*) FILTER (WHERE o.cp = 'P') AS put_oi,
       put_oi / nullif(call_oi, 0) AS put_call_ratio
FROM opt_eod AS o
JOIN securities AS s ON s.security_id = o.underlying_id
WHERE s.ticker = 'ZVLT' AND o.quote_date = DATE '2037-06-16'
GROUP BY o.expiry;
