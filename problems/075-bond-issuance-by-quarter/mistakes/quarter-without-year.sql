-- The quarter alone, with the year of the quarter's earliest bond.
SELECT min(year(b.issue_date)) AS issue_year,
       quarter(b.issue_date) AS issue_quarter,
       i.segment,
       count(*) AS n_bonds,
       sum(b.amount) AS amount_usd_m
FROM bond_issues AS b
JOIN credit_issuers AS i USING (issuer_id)
GROUP BY issue_quarter, i.segment
ORDER BY issue_year, issue_quarter, i.segment;
