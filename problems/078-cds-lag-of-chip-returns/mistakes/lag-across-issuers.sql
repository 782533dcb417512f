-- The spread change taken over all issuers' rows at once (no PARTITION BY issuer_id).
WITH saci AS (
    SELECT l.trade_date,
           ROW_NUMBER() OVER (ORDER BY l.trade_date) AS session_no,
           LN(l.level / LAG(l.level) OVER (ORDER BY l.trade_date)) AS r
    FROM index_levels AS l
    JOIN securities AS s ON s.security_id = l.index_id
    WHERE s.ticker = 'SACI'
),
cds AS (
    SELECT i.segment,
           c.trade_date,
           LN(c.spread_bp / LAG(c.spread_bp) OVER (ORDER BY c.trade_date, c.issuer_id)) AS ds
    FROM cds_daily AS c
    JOIN credit_issuers AS i USING (issuer_id)
    WHERE c.tenor = '5Y'
),
pairs AS (
    SELECT c.segment, k.lag, c.ds, past.r
    FROM cds AS c
    JOIN saci AS now ON now.trade_date = c.trade_date
    CROSS JOIN range(0, 6) AS k(lag)
    JOIN saci AS past ON past.session_no = now.session_no - k.lag
    WHERE c.ds IS NOT NULL AND past.r IS NOT NULL
),
fits AS (
    SELECT segment,
           lag,
           count(*) AS n_pairs,
           corr(ds, r) AS correlation,
           regr_slope(ds, r) AS beta,
           corr(ds, r) ^ 2 AS r_squared
    FROM pairs
    GROUP BY segment, lag
)
SELECT *,
       lag = first(lag ORDER BY r_squared DESC, lag) OVER (PARTITION BY segment) AS is_best
FROM fits;
