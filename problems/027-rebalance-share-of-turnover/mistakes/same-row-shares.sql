WITH rows_ AS (
    -- shares_out taken from the row itself
    SELECT d.fund_id, d.date, d.nav, d.aum, d.rebal_notional, m.underlying_id, m.venue,
           d.shares_out / d.split_ratio AS eod_shares
    FROM etp_daily AS d
    JOIN etp_master AS m USING (fund_id)
),
funds AS (
    SELECT r.*,
           r.rebal_notional * (r.eod_shares * r.nav / r.aum) AS rebal_local  -- aum is in USD
    FROM rows_ AS r
    JOIN securities AS u ON u.security_id = r.underlying_id
    WHERE u.asset_class = 'EQ' AND u.venue = r.venue
      AND r.date BETWEEN DATE '2037-06-12' AND DATE '2037-06-23'
      AND r.eod_shares IS NOT NULL
)
SELECT u.ticker AS underlying_ticker,
       u.venue,
       f.date,
       count(*) AS n_funds,
       sum(f.rebal_local) AS rebal_local,
       e.turnover,
       100 * sum(f.rebal_local) / e.turnover AS pct_of_turnover
FROM funds AS f
JOIN eq_daily AS e ON e.security_id = f.underlying_id AND e.trade_date = f.date
JOIN securities AS u ON u.security_id = f.underlying_id
WHERE e.turnover > 0
GROUP BY u.ticker, u.venue, f.date, e.turnover;
