WITH split AS (
    SELECT a.security_id, a.ex_date, a.ratio
    FROM corporate_actions AS a
    JOIN securities AS s USING (security_id)
    WHERE s.ticker = 'ZVLT' AND a.action_type = 'SPLIT'
),
pre AS (
    SELECT max(c.cal_date) AS pre_date
    FROM trading_calendar AS c, split
    WHERE c.venue = 'NXO' AND c.is_open AND c.cal_date < split.ex_date
),
old AS (
    SELECT o.* FROM opt_eod AS o, split, pre
    WHERE o.underlying_id = split.security_id AND o.quote_date = pre.pre_date AND o.expiry > split.ex_date
),
new AS (
    SELECT o.* FROM opt_eod AS o, split
    WHERE o.underlying_id = split.security_id AND o.quote_date = split.ex_date
)
SELECT old.option_id AS old_option_id,
       new.option_id AS new_option_id,
       old.expiry,
       old.cp,
       old.strike AS old_strike,
       new.strike AS new_strike,
       old.open_interest AS oi_before,
       new.open_interest AS oi_after,
       new.open_interest AS oi_after_old_units,
       new.open_interest - old.open_interest AS oi_change_old_units
FROM old
CROSS JOIN split
JOIN new ON new.expiry = old.expiry AND new.cp = old.cp AND new.strike = round(old.strike / split.ratio, 4)
ORDER BY old.expiry, old.cp, old.strike;
