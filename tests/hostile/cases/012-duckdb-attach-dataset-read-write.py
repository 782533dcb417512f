# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Open the dataset's own DuckDB file read-write (or attach it) and delete the data.
import os

import duckdb

changed = []
for top in ("/tmp", "/work", "/root"):
    for folder, _, files in os.walk(top):
        for name in files:
            if not name.endswith(".duckdb"):
                continue
            path = os.path.join(folder, name)
            for attempt in (
                lambda: duckdb.connect(path).execute("DELETE FROM eq_daily"),
                lambda: duckdb.connect().execute(f"ATTACH '{path}' AS d").execute("DELETE FROM d.eq_daily"),
            ):
                try:
                    attempt()
                    changed.append(path)
                except duckdb.Error:
                    pass
if not changed:
    raise PermissionError("no dataset could be opened for writing")
result = " | ".join(changed)
