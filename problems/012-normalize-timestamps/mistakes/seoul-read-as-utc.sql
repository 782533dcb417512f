WITH parsed AS (
    SELECT s.venue, b.volume,
           CASE
               WHEN regexp_full_match(b.ts_raw, '[0-9]+')
                   THEN make_timestamp(CAST(b.ts_raw AS BIGINT) * 1000)
               WHEN b.ts_raw LIKE '%T%'
                   THEN strptime(substr(b.ts_raw, 1, 19), '%Y-%m-%dT%H:%M:%S')
                        - (CAST(substr(b.ts_raw, 20, 3) AS INTEGER) * 60
                           + CASE WHEN substr(b.ts_raw, 20, 1) = '-' THEN -1 ELSE 1 END
                             * CAST(substr(b.ts_raw, 24, 2) AS INTEGER)) * INTERVAL 1 MINUTE
               ELSE strptime(b.ts_raw, '%Y-%m-%d %H:%M:%S')
           END AS ts
    FROM bars_1m AS b
    JOIN securities AS s USING (security_id)
)
SELECT venue,
       date_trunc('hour', ts) AS hour_utc,
       count(*) AS n_bars,
       CAST(sum(volume) AS BIGINT) AS volume
FROM parsed
WHERE ts >= TIMESTAMP '2037-06-16 00:00:00' AND ts < TIMESTAMP '2037-06-18 00:00:00'
GROUP BY venue, date_trunc('hour', ts);
