-- Edit distance on the text as written: a lower-case ticker is then four edits from itself.
WITH stocks AS (
    SELECT ticker FROM securities WHERE asset_class = 'EQ'
),
written AS (
    SELECT news_id,
           tickers_mentioned,
           regexp_extract(headline, '^(?:Buyers pile into |Selling hits )?([^ ,]+)', 1) AS written
    FROM news
),
misspelled AS (
    SELECT * FROM written WHERE written NOT IN (SELECT ticker FROM stocks)
),
candidates AS (
    SELECT m.news_id,
           m.written,
           m.tickers_mentioned,
           s.ticker,
           levenshtein(replace(m.written, '$', ''), s.ticker) AS distance
    FROM misspelled AS m
    CROSS JOIN stocks AS s
)
SELECT news_id,
       written,
       ticker AS matched_ticker,
       distance,
       ticker = tickers_mentioned AS correct
FROM candidates
QUALIFY ROW_NUMBER() OVER (PARTITION BY news_id ORDER BY distance, ticker) = 1
ORDER BY news_id;
