-- NXS sessions with the one before each (taken over the whole calendar, before the week's filter).
WITH sessions AS (
    SELECT cal_date AS trade_date,
           lag(cal_date) OVER (ORDER BY cal_date) AS prev_session
    FROM trading_calendar
    WHERE venue = 'NXS' AND is_open
),
-- Each session's crypto window runs from the previous NXS close to its own (16:00 New York = 20:00 UTC).
week AS (
    SELECT trade_date,
           prev_session + INTERVAL 20 HOUR AS window_start,
           trade_date + INTERVAL 20 HOUR AS window_end
    FROM sessions
    WHERE trade_date BETWEEN DATE '2037-06-15' AND DATE '2037-06-23'
),
saci AS (
    SELECT l.trade_date,
           l.level / lag(l.level) OVER (ORDER BY l.trade_date) - 1 AS saci_return
    FROM index_levels AS l
    JOIN securities AS s ON s.security_id = l.index_id
    WHERE s.ticker = 'SACI'
),
rebal AS (
    SELECT e.date AS trade_date,
           sum(e.rebal_notional) FILTER (WHERE m.leverage = 2) AS rebal_2x_usd,
           sum(e.rebal_notional) FILTER (WHERE m.leverage = 3) AS rebal_3x_usd
    FROM etp_daily AS e
    JOIN etp_master AS m USING (fund_id)
    WHERE m.venue = 'NXS'
    GROUP BY e.date
),
calls AS (
    SELECT c.issued AS trade_date,
           count(*) AS margin_calls,
           sum(c.amount) AS margin_call_usd
    FROM margin_calls AS c
    JOIN accounts AS a USING (account_id)
    WHERE a.country = 'US'
    GROUP BY c.issued
),
-- A resent order repeats its client_order_id and its fills: keep the first copy only.
kept AS (
    SELECT *
    FROM orders
    QUALIFY row_number() OVER (PARTITION BY client_order_id ORDER BY order_id) = 1
),
retail AS (
    SELECT CAST(e.ts_utc AS DATE) AS trade_date,
           sum(CASE k.side WHEN 'BUY' THEN 1 ELSE -1 END * e.fill_qty * e.fill_px) AS retail_net_buy_usd
    FROM kept AS k
    JOIN executions AS e USING (order_id)
    JOIN securities AS s USING (security_id)
    WHERE s.venue = 'NXS'
    GROUP BY 1
),
liquidations AS (
    SELECT w.trade_date, sum(q.usd) AS btc_long_liq_usd
    FROM week AS w
    JOIN liquidations_1h AS q ON q.ts_utc >= w.window_start AND q.ts_utc < w.window_end
    WHERE q.side = 'LONG'
    GROUP BY w.trade_date
)
SELECT w.trade_date,
       s.saci_return,
       coalesce(r.rebal_2x_usd, 0) AS rebal_2x_usd,
       coalesce(r.rebal_3x_usd, 0) AS rebal_3x_usd,
       coalesce(c.margin_calls, 0) AS margin_calls,
       coalesce(c.margin_call_usd, 0) AS margin_call_usd,
       coalesce(t.retail_net_buy_usd, 0) AS retail_net_buy_usd,
       coalesce(q.btc_long_liq_usd, 0) AS btc_long_liq_usd
FROM week AS w
LEFT JOIN saci AS s USING (trade_date)
LEFT JOIN rebal AS r USING (trade_date)
LEFT JOIN calls AS c USING (trade_date)
LEFT JOIN retail AS t USING (trade_date)
LEFT JOIN liquidations AS q USING (trade_date)
ORDER BY w.trade_date;
