WITH atm AS (
    SELECT date AS filing_date, btc_delta, usd_cost FROM btc_ledger WHERE source = 'ATM'
),
floor_ AS (
    SELECT value AS min_mnav FROM company_policy WHERE name = 'atm_min_mnav'
)
SELECT a.filing_date,
       a.btc_delta,
       a.usd_cost,
       c.date AS last_close_date,
       c.mnav AS mnav_last_close,
       p.min_mnav,
       c.mnav >= p.min_mnav AS allowed
FROM atm AS a
CROSS JOIN floor_ AS p
JOIN company_daily AS c ON c.date = a.filing_date - 1;
