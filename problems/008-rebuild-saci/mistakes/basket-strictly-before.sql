WITH saci AS (
    SELECT security_id AS index_id FROM securities WHERE ticker = 'SACI'
),
levels AS (
    SELECT l.trade_date, l.level
    FROM index_levels AS l JOIN saci USING (index_id)
),
baskets AS (
    SELECT DISTINCT eff_date FROM index_weights JOIN saci USING (index_id)
),
in_force AS (
    SELECT l.trade_date, l.level, b.eff_date
    FROM levels AS l
    ASOF JOIN baskets AS b ON l.trade_date > b.eff_date
),
rebuilt AS (
    SELECT f.trade_date, f.level, SUM(w.shares * d.close) AS rebuilt
    FROM in_force AS f
    JOIN index_weights AS w ON w.eff_date = f.eff_date AND w.index_id = (SELECT index_id FROM saci)
    JOIN eq_daily AS d ON d.security_id = w.security_id AND d.trade_date = f.trade_date
    GROUP BY f.trade_date, f.level
)
SELECT CAST(date_trunc('month', trade_date) AS DATE) AS month,
       COUNT(*) AS n_sessions,
       arg_max(rebuilt, trade_date) AS last_rebuilt,
       MAX(ABS(rebuilt - level)) AS max_abs_error
FROM rebuilt
GROUP BY 1;
