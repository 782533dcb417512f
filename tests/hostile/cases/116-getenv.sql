-- expect: ERROR
-- DuckDB's shell has getenv(); the library must not.
SELECT getenv('UNWIND_CANARY_SECRET') AS n
