SELECT venue,
       month(cal_date) AS month,
       count(*) FILTER (WHERE is_open) AS open_sessions,
       count(*) FILTER (WHERE NOT is_open AND isodow(cal_date) <= 5) AS closed_weekdays
FROM trading_calendar
GROUP BY venue, month(cal_date);
