SELECT i.ticker,
       min(d.close) AS low_close,
       min(d.date) AS low_date,
       min(d.close) / 100 * i.par AS low_price_usd,
       min(d.close) / 100 * i.par / i.par - 1 AS drop_from_par
FROM instrument_daily AS d
JOIN instruments AS i USING (security_id)
WHERE i.kind = 'PREF'
GROUP BY i.ticker, i.par;
