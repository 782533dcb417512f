-- Each US fund's rebalancing flow on each session: L(L-1) * previous close's AUM * underlying return.
-- The previous AUM is taken over the fund's whole history, before any date filter.
WITH us AS (
    SELECT e.fund_id,
           e.date,
           m.leverage,
           e.und_return,
           e.aum AS prev_aum
    FROM etp_daily AS e
    JOIN etp_master AS m USING (fund_id)
    WHERE m.venue = 'NXS'
),
flows AS (
    SELECT *, leverage * (leverage - 1) * prev_aum * und_return AS flow
    FROM us
    WHERE prev_aum IS NOT NULL
),
crash AS (
    SELECT date AS crash_date
    FROM flows
    GROUP BY date
    ORDER BY abs(sum(flow)) DESC, date
    LIMIT 1
),
crash_funds AS (
    SELECT f.*
    FROM flows AS f
    JOIN crash AS c ON f.date = c.crash_date
),
caps AS (
    SELECT 1.0 AS cap
    UNION
    SELECT DISTINCT abs(leverage) FROM crash_funds
),
-- A fund above the cap keeps its AUM and its direction and is re-levered to the cap: sign(L) * min(|L|, cap).
capped AS (
    SELECT c.cap, f.*, sign(f.leverage) * least(abs(f.leverage), c.cap) AS capped_lev
    FROM caps AS c
    CROSS JOIN crash_funds AS f
),
per_cap AS (
    SELECT cap,
           count(*) FILTER (WHERE abs(leverage) > cap) AS funds_capped,
           coalesce(sum(prev_aum) FILTER (WHERE abs(leverage) > cap), 0) AS aum_capped_usd,
           sum(prev_aum) AS aum_usd,
           sum(capped_lev * (capped_lev - 1) * prev_aum * und_return) AS flow_usd,
           sum(flow) AS uncapped_flow_usd
    FROM capped
    GROUP BY cap
),
judged AS (
    SELECT *, abs(flow_usd) <= 0.5 * abs(uncapped_flow_usd) AS halves
    FROM per_cap
)
SELECT (SELECT crash_date FROM crash) AS crash_date,
       cap,
       funds_capped,
       aum_capped_usd,
       aum_capped_usd / aum_usd AS aum_capped_share,
       flow_usd,
       flow_usd / uncapped_flow_usd AS flow_ratio,
       halves,
       coalesce(cap = max(cap) FILTER (WHERE halves) OVER (), FALSE) AS chosen
FROM judged
ORDER BY cap DESC;
