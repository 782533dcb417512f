WITH x AS (
    SELECT d.fund_id, d.date, d.nav,
           LAG(d.nav) OVER w AS prev_nav,
           d.nav_asof - LAG(d.nav_asof) OVER w AS days,
           d.und_return, d.split_ratio,
           m.leverage AS l, m.expense_ratio AS er, m.financing_rate AS fin
    FROM etp_daily AS d
    JOIN etp_master AS m USING (fund_id)
    WINDOW w AS (PARTITION BY d.fund_id ORDER BY d.date)
),
checked AS (
    SELECT fund_id,
           nav - prev_nav
                 * (1 + l * und_return - er * days / 365 - (l - 1) * fin * days / 365) AS error
    FROM x
    WHERE prev_nav IS NOT NULL
)
SELECT s.ticker,
       count(*) AS rows_checked,
       count(*) FILTER (WHERE abs(c.error) > 0.000001) AS rows_off,
       max(abs(c.error)) AS max_abs_error,
       (SELECT last(nav ORDER BY date) FROM etp_daily AS e WHERE e.fund_id = c.fund_id) AS final_nav
FROM checked AS c
JOIN securities AS s ON s.security_id = c.fund_id
GROUP BY s.ticker, c.fund_id;
