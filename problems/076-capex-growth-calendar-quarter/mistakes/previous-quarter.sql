-- Growth against the previous row of the issuer (the quarter before), not the year before.
WITH q AS (
    SELECT *, LAG(capex) OVER (PARTITION BY issuer_id ORDER BY period_end) AS capex_year_ago
    FROM fundamentals_q
)
SELECT q.issuer_id,
       i.issuer_name,
       q.fiscal_year,
       q.fiscal_quarter,
       q.period_end,
       year(q.period_end) AS cal_year,
       quarter(q.period_end) AS cal_quarter,
       q.capex,
       q.capex_year_ago,
       q.capex / q.capex_year_ago - 1 AS capex_yoy
FROM q
JOIN credit_issuers AS i ON i.issuer_id = q.issuer_id
WHERE EXISTS (
    SELECT 1 FROM fundamentals_q AS p
    WHERE p.issuer_id = q.issuer_id AND p.fiscal_year = q.fiscal_year - 1 AND p.fiscal_quarter = q.fiscal_quarter
)
ORDER BY cal_year, cal_quarter, q.issuer_id;
