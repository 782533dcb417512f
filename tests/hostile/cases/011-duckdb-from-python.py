# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# DuckDB from Python: a fresh connection has none of the grader's settings, so try its file
# functions, COPY, EXPORT DATABASE, glob and extensions there.
import duckdb

con = duckdb.connect()
obtained = []
for sql in (
    "SELECT content FROM read_text('/tmp/unwind-canary/secret.txt')",
    "SELECT * FROM read_csv('/tmp/unwind-canary/secret.txt', header = false)",
    "SELECT string_agg(file, ',') FROM glob('/tmp/unwind-canary/*')",
    "COPY (SELECT 42 AS x) TO '/tmp/unwind-canary/pwned.csv'",
    "EXPORT DATABASE '/tmp/unwind-canary/export'",
    "INSTALL httpfs",
):
    try:
        rows = con.execute(sql).fetchall()
        if sql.startswith("SELECT") and (not rows or rows[0][0] in (None, "")):
            continue
        obtained.append(f"{sql}: {rows}")
    except duckdb.Error:
        pass
if not obtained:
    raise PermissionError("every DuckDB attempt was refused")
result = " | ".join(obtained)
