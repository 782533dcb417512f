WITH usable AS (
    SELECT o.*, o.expiry - o.quote_date AS dte
    FROM opt_eod AS o
    JOIN trading_calendar AS c ON c.venue = 'NXO' AND c.cal_date = o.quote_date
    WHERE c.is_open
      AND o.quote_date BETWEEN DATE '2037-05-01' AND DATE '2037-07-31'
      AND o.iv IS NOT NULL AND o.bid <= o.ask
),
target AS (
    SELECT underlying_id, quote_date, expiry
    FROM (SELECT DISTINCT underlying_id, quote_date, expiry, dte FROM usable)
    QUALIFY row_number() OVER (PARTITION BY underlying_id, quote_date ORDER BY abs(dte - 30), dte) = 1
),
calls AS (
    SELECT u.* FROM usable AS u JOIN target USING (underlying_id, quote_date, expiry)
    WHERE u.cp = 'C'
    QUALIFY row_number() OVER (PARTITION BY u.underlying_id, u.quote_date ORDER BY abs(u.delta - 0.25), u.strike) = 1
),
puts AS (
    SELECT u.* FROM usable AS u JOIN target USING (underlying_id, quote_date, expiry)
    WHERE u.cp = 'P'
    QUALIFY row_number() OVER (PARTITION BY u.underlying_id, u.quote_date ORDER BY abs(u.delta + 0.25), u.strike) = 1
)
SELECT s.ticker, c.quote_date, c.expiry,
       c.strike AS call_strike, c.delta AS call_delta,
       p.strike AS put_strike, p.delta AS put_delta,
       round(100 * (p.iv - c.iv), 4) AS rr25
FROM calls AS c
JOIN puts AS p USING (underlying_id, quote_date)
JOIN securities AS s ON s.security_id = c.underlying_id
ORDER BY s.ticker, c.quote_date;
