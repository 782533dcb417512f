WITH prefs AS (
    SELECT i.ticker, i.par, d.date, d.close,
           row_number() OVER (PARTITION BY d.security_id ORDER BY d.close, d.date) AS k
    FROM instrument_daily AS d
    JOIN instruments AS i USING (security_id)
    WHERE i.kind = 'PREF'
)
SELECT ticker,
       close AS low_close,
       date AS low_date,
       close / 100 * par AS low_price_usd,
       close / 100 * par / par - 1 AS drop_from_par
FROM prefs
WHERE k = 1;
