-- Year-on-year capex growth: each fiscal quarter against the same fiscal quarter a fiscal year
-- earlier, labelled with the calendar quarter its period ends in.
SELECT f.issuer_id,
       i.issuer_name,
       f.fiscal_year,
       f.fiscal_quarter,
       f.period_end,
       year(f.period_end) AS cal_year,
       quarter(f.period_end) AS cal_quarter,
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
