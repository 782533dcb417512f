-- The next row after each holiday among the holidays and open dates of its venue.
WITH marked AS (
    SELECT venue, cal_date, holiday_name, is_open,
           LEAD(cal_date) OVER (PARTITION BY venue ORDER BY cal_date) AS next_date
    FROM trading_calendar
    WHERE is_open OR holiday_name IS NOT NULL
)
SELECT venue,
       cal_date AS holiday_date,
       holiday_name,
       next_date AS next_session,
       next_date - cal_date AS days_later
FROM marked
WHERE NOT is_open
ORDER BY venue, cal_date;
