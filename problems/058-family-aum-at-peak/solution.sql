WITH daily AS (
    SELECT date, sum(aum) AS global_aum
    FROM etp_daily
    GROUP BY date
),
peak AS (
    SELECT date FROM daily ORDER BY global_aum DESC, date LIMIT 1
)
SELECT d.date AS peak_date,
       m.family,
       count(*) AS funds,
       sum(d.aum) AS aum_usd,
       sum(d.aum) / sum(sum(d.aum)) OVER () AS share
FROM etp_daily AS d
JOIN peak AS p ON p.date = d.date
JOIN etp_master AS m USING (fund_id)
GROUP BY d.date, m.family;
