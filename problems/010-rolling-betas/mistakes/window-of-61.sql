WITH idx AS (
    SELECT l.trade_date,
           MAX(l.level) FILTER (WHERE s.ticker = 'M500') AS m500,
           MAX(l.level) FILTER (WHERE s.ticker = 'SACI') AS saci
    FROM index_levels AS l JOIN securities AS s ON s.security_id = l.index_id
    WHERE s.ticker IN ('M500', 'SACI')
    GROUP BY l.trade_date
),
idx_ret AS (
    SELECT trade_date,
           m500 / LAG(m500) OVER (ORDER BY trade_date) - 1 AS r_m500,
           saci / LAG(saci) OVER (ORDER BY trade_date) - 1 AS r_saci
    FROM idx
),
stock_ret AS (
    SELECT s.ticker, d.trade_date,
           d.close * COALESCE((SELECT PRODUCT(a.ratio) FROM corporate_actions AS a
                               WHERE a.security_id = d.security_id AND a.ex_date = d.trade_date
                                 AND a.action_type IN ('SPLIT', 'RSPLIT')), 1)
             / LAG(d.close) OVER (PARTITION BY d.security_id ORDER BY d.trade_date) - 1 AS r
    FROM eq_daily AS d JOIN securities AS s USING (security_id)
    WHERE s.ticker IN ('ZVLT', 'ZMRY', 'ZKLC', 'ZVHL')
),
betas AS (
    SELECT r.ticker, r.trade_date,
           COUNT(r.r * i.r_m500 * i.r_saci) OVER w AS n,
           REGR_SLOPE(r.r, i.r_m500) OVER w AS beta_m500,
           REGR_SLOPE(r.r, i.r_saci) OVER w AS beta_saci
    FROM stock_ret AS r JOIN idx_ret AS i USING (trade_date)
    WINDOW w AS (PARTITION BY r.ticker ORDER BY r.trade_date ROWS BETWEEN 60 PRECEDING AND CURRENT ROW)
)
SELECT ticker, trade_date, beta_m500, beta_saci
FROM betas
WHERE n >= 60
QUALIFY ROW_NUMBER() OVER (PARTITION BY ticker, date_trunc('month', trade_date) ORDER BY trade_date DESC) = 1;
