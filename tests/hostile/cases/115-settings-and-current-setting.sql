-- expect: WRONG_ANSWER
-- Every setting the engine reports: readable, but nothing secret lives there.
SELECT name, value, current_setting('home_directory') AS home FROM duckdb_settings()
