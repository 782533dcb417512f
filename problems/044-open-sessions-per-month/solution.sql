-- FILTER counts a subset of each group's rows without a second pass over the table.
SELECT venue,
       month(cal_date) AS month,
       count(*) FILTER (WHERE is_open) AS open_sessions,
       count(*) FILTER (WHERE NOT is_open AND isodow(cal_date) <= 5) AS closed_weekdays
FROM trading_calendar
WHERE year(cal_date) = 2037
GROUP BY venue, month(cal_date);
