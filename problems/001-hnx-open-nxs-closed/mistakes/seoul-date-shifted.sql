-- Seoul is a day ahead of New York, so compare each HNX date with the NXS date one day earlier.
SELECT h.cal_date,
       n.holiday_name AS nxs_holiday
FROM trading_calendar AS h
LEFT JOIN trading_calendar AS n
       ON n.venue = 'NXS' AND n.cal_date = h.cal_date - 1
WHERE h.venue = 'HNX'
  AND h.is_open
  AND h.cal_date BETWEEN DATE '2036-01-01' AND DATE '2037-09-30'
  AND NOT EXISTS (
        SELECT 1
        FROM trading_calendar AS o
        WHERE o.venue = 'NXS' AND o.is_open AND o.cal_date = h.cal_date - 1
  )
ORDER BY h.cal_date;
