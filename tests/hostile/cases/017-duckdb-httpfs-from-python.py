# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# DuckDB's httpfs: install and load it, then read a CSV over HTTP from Redis.
import duckdb

con = duckdb.connect()
con.execute("INSTALL httpfs")
con.execute("LOAD httpfs")
result = str(con.execute("SELECT * FROM read_csv('http://127.0.0.1:6379/')").fetchall())
