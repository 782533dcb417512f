WITH growth AS (
    -- daily growth over each fund's whole history, so the window's first row still sees the start row's NAV
    SELECT fund_id, date, und_return,
           nav * split_ratio / LAG(nav) OVER (PARTITION BY fund_id ORDER BY date) AS growth
    FROM etp_daily
),
start_ AS (
    SELECT fund_id, max(date) AS start_date
    FROM etp_daily
    WHERE date <= DATE '2037-06-11'
    GROUP BY fund_id
),
agg AS (
    SELECT g.fund_id,
           count(*) AS sessions,
           product(g.growth) AS fund_growth,          -- returns compound: multiply the growth factors
           product(1 + g.und_return) AS und_growth,
           sum(g.und_return * g.und_return) AS sum_r2
    FROM growth AS g
    JOIN start_ AS s ON s.fund_id = g.fund_id AND g.date > s.start_date
    GROUP BY g.fund_id
)
SELECT sec.ticker,
       m.leverage,
       a.sessions,
       a.und_growth - 1 AS und_return_total,
       a.fund_growth - 1 AS fund_return,
       m.leverage * (a.und_growth - 1) AS naive_return,
       pow(a.und_growth, m.leverage) * exp(-(m.leverage * m.leverage - m.leverage) / 2 * a.sum_r2) - 1
           AS closed_form_return,
       (a.fund_growth - 1) - m.leverage * (a.und_growth - 1) AS decay
FROM agg AS a
JOIN etp_master AS m ON m.fund_id = a.fund_id
JOIN securities AS sec ON sec.security_id = a.fund_id;
