-- expect: ERROR
-- The dataset's own parquet files and anything else under /tmp, by glob.
SELECT * FROM read_parquet('/tmp/**/*.parquet')
