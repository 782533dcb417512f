-- The fiscal year and quarter taken as the calendar year and quarter.
SELECT f.issuer_id,
       i.issuer_name,
       f.fiscal_year,
       f.fiscal_quarter,
       f.period_end,
       f.fiscal_year AS cal_year,
       f.fiscal_quarter AS cal_quarter,
       f.capex,
       p.capex AS capex_year_ago,
       f.capex / p.capex - 1 AS capex_yoy
FROM fundamentals_q AS f
JOIN fundamentals_q AS p
  ON p.issuer_id = f.issuer_id
 AND p.fiscal_year = f.fiscal_year - 1
 AND p.fiscal_quarter = f.fiscal_quarter
JOIN credit_issuers AS i ON i.issuer_id = f.issuer_id
ORDER BY cal_year, cal_quarter, f.issuer_id;
