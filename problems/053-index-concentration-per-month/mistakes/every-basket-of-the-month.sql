WITH month_ends AS (
    SELECT index_id, max(trade_date) AS month_end
    FROM index_levels
    GROUP BY index_id, date_trunc('month', trade_date)
),
baskets AS (
    SELECT DISTINCT index_id, eff_date FROM index_weights
),
in_force AS (
    SELECT m.index_id, m.month_end, b.eff_date
    FROM month_ends AS m
    JOIN baskets AS b ON b.index_id = m.index_id
     AND date_trunc('month', b.eff_date) = date_trunc('month', m.month_end)
),
holdings AS (
    SELECT f.index_id, f.month_end, f.eff_date, w.shares * d.close AS value
    FROM in_force AS f
    JOIN index_weights AS w USING (index_id, eff_date)
    JOIN eq_daily AS d ON d.security_id = w.security_id AND d.trade_date = f.month_end
),
weights AS (
    SELECT index_id, month_end, eff_date,
           value / sum(value) OVER (PARTITION BY index_id, month_end, eff_date) AS w
    FROM holdings
)
SELECT s.ticker,
       x.month_end,
       count(*) AS n_members,
       sum(x.w * x.w) AS hhi,
       1 / sum(x.w * x.w) AS effective_n
FROM weights AS x
JOIN securities AS s ON s.security_id = x.index_id
GROUP BY s.ticker, x.month_end;
