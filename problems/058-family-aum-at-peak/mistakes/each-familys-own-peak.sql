WITH family_daily AS (
    SELECT d.date, m.family, count(*) AS funds, sum(d.aum) AS aum_usd
    FROM etp_daily AS d
    JOIN etp_master AS m USING (fund_id)
    GROUP BY d.date, m.family
),
family_peak AS (
    SELECT * FROM family_daily
    QUALIFY row_number() OVER (PARTITION BY family ORDER BY aum_usd DESC, date) = 1
)
SELECT date AS peak_date, family, funds, aum_usd, aum_usd / sum(aum_usd) OVER () AS share
FROM family_peak;
