-- ASOF JOIN with a strict > picks, per holiday, the first open date of the same venue after it.
-- A LEFT ASOF JOIN keeps a holiday that has no later session in the calendar.
WITH holidays AS (
    SELECT venue, cal_date, holiday_name
    FROM trading_calendar
    WHERE NOT is_open AND holiday_name IS NOT NULL
),
open_dates AS (
    SELECT venue, cal_date
    FROM trading_calendar
    WHERE is_open
)
SELECT h.venue,
       h.cal_date AS holiday_date,
       h.holiday_name,
       s.cal_date AS next_session,
       s.cal_date - h.cal_date AS days_later
FROM holidays AS h
ASOF LEFT JOIN open_dates AS s
       ON s.venue = h.venue AND s.cal_date > h.cal_date
ORDER BY h.venue, h.cal_date;
