SELECT venue,
       month(cal_date) AS month,
       count(*) AS open_sessions,
       count(*) FILTER (WHERE NOT is_open AND isodow(cal_date) <= 5) AS closed_weekdays
FROM trading_calendar
WHERE year(cal_date) = 2037
GROUP BY venue, month(cal_date);
