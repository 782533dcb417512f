WITH one AS (   -- one row per exchange message: the first copy to arrive
    SELECT *
    FROM trades
),
fixes AS (
    SELECT security_id, trade_date, ref_seq, cond AS fix, price AS fix_price, size AS fix_size
    FROM one
    WHERE cond IN ('CANCEL', 'CORR')
),
clean AS (
    SELECT o.security_id, o.trade_date, o.seq, o.cond,
           CASE WHEN f.fix = 'CORR' THEN f.fix_price ELSE o.price END AS price,
           CASE WHEN f.fix = 'CORR' THEN f.fix_size ELSE o.size END AS size,
           f.fix
    FROM one AS o
    LEFT JOIN fixes AS f
           ON f.security_id = o.security_id AND f.trade_date = o.trade_date AND f.ref_seq = o.seq
    WHERE o.cond IN ('REG', 'ODD', 'CLOSE_AUCT')
),
raw AS (
    SELECT security_id, trade_date, count(*) AS raw_rows, count(DISTINCT seq) AS messages
    FROM trades
    GROUP BY ALL
)
SELECT s.ticker,
       c.trade_date,
       r.raw_rows,
       r.messages,
       count(*) FILTER (WHERE c.fix = 'CANCEL') AS cancelled,
       count(*) FILTER (WHERE c.fix = 'CORR') AS corrected,
       count(*) FILTER (WHERE c.fix IS DISTINCT FROM 'CANCEL') AS prints,
       CAST(sum(c.size) FILTER (WHERE c.fix IS DISTINCT FROM 'CANCEL') AS BIGINT) AS volume,
       sum(c.price * c.size) FILTER (WHERE c.fix IS DISTINCT FROM 'CANCEL')
           / sum(c.size) FILTER (WHERE c.fix IS DISTINCT FROM 'CANCEL') AS vwap,
       arg_min(c.price, c.seq) FILTER (WHERE c.cond = 'REG' AND c.fix IS DISTINCT FROM 'CANCEL') AS first_price,
       max(c.price) FILTER (WHERE c.fix IS DISTINCT FROM 'CANCEL') AS high,
       min(c.price) FILTER (WHERE c.fix IS DISTINCT FROM 'CANCEL') AS low,
       max(c.price) FILTER (WHERE c.cond = 'CLOSE_AUCT') AS close_auction
FROM clean AS c
JOIN raw AS r USING (security_id, trade_date)
JOIN securities AS s USING (security_id)
GROUP BY s.ticker, c.trade_date, r.raw_rows, r.messages;
