WITH per_fund AS (
    SELECT l.fund_id,
           strftime(l.launch_date, '%Y') || '-Q' || CAST(quarter(l.launch_date) AS VARCHAR) AS cohort,
           any_value(l.launch_nav) AS launch_nav,
           max(d.nav) AS last_nav,
           arg_max(d.aum, d.date) AS last_aum,
           max(d.aum) AS peak_aum
    FROM fund_launches AS l
    JOIN fund_daily AS d USING (fund_id)
    GROUP BY l.fund_id, cohort
)
SELECT cohort,
       count(*) AS n_funds,
       round(avg(last_nav / launch_nav - 1), 6) AS avg_return,
       round(min(last_nav / launch_nav - 1), 6) AS worst_return,
       round(sum(peak_aum), 2) AS peak_aum_usd,
       round(sum(last_aum), 2) AS last_aum_usd,
       round(sum(last_aum) / sum(peak_aum), 6) AS aum_retention
FROM per_fund
GROUP BY cohort
ORDER BY cohort;
