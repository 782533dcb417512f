WITH saci AS (
    SELECT security_id AS index_id FROM securities WHERE ticker = 'SACI'
),
in_force AS (
    SELECT w.index_id, max(w.eff_date) AS eff_date
    FROM index_weights AS w JOIN saci USING (index_id)
    WHERE w.eff_date <= DATE '2037-06-16'
    GROUP BY w.index_id
),
holdings AS (
    SELECT s.ticker, w.eff_date, w.shares * d.close AS value, w.weight AS stored_weight
    FROM index_weights AS w
    JOIN in_force AS f USING (index_id, eff_date)
    JOIN eq_daily AS d ON d.security_id = w.security_id AND d.trade_date = DATE '2037-06-16'
    JOIN securities AS s ON s.security_id = w.security_id
)
SELECT ticker, eff_date, stored_weight AS weight
FROM holdings
ORDER BY weight DESC, ticker
LIMIT 5;
