-- expect: ERROR, WRONG_ANSWER
-- DuckDB's secret manager: credentials, if any were configured.
SELECT * FROM duckdb_secrets()
