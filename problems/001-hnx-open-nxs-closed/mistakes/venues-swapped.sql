-- NXS sessions with no HNX session on the same date (the venues the wrong way round).
SELECT h.cal_date,
       n.holiday_name AS nxs_holiday
FROM trading_calendar AS h
LEFT JOIN trading_calendar AS n
       ON n.venue = 'NXS' AND n.cal_date = h.cal_date
WHERE h.venue = 'NXS'
  AND h.is_open
  AND h.cal_date BETWEEN DATE '2036-01-01' AND DATE '2037-09-30'
  AND NOT EXISTS (
        SELECT 1
        FROM trading_calendar AS o
        WHERE o.venue = 'HNX' AND o.is_open AND o.cal_date = h.cal_date
  )
ORDER BY h.cal_date;
