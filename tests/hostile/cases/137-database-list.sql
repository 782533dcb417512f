-- expect: WRONG_ANSWER
-- Which files are open: the dataset's path is no secret, and nothing else is attached.
SELECT database_name, path FROM duckdb_databases()
