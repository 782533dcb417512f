# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Find the dataset files the sandbox can see and try to change them: overwrite, truncate, touch,
# or add a file beside them.
import os

changed = []
for top in ("/tmp", "/work", "/root", "/home"):
    for folder, _, files in os.walk(top):
        for name in files:
            if not name.endswith((".duckdb", ".parquet", ".json")):
                continue
            path = os.path.join(folder, name)
            for label, attempt in (
                ("overwrite", lambda: os.pwrite(os.open(path, os.O_WRONLY), b"pwned", 0)),
                ("truncate", lambda: os.truncate(path, 0)),
                ("touch", lambda: os.utime(path, (0, 0))),
                ("add", lambda: os.close(os.open(path + ".pwned", os.O_CREAT | os.O_WRONLY))),
            ):
                try:
                    attempt()
                    changed.append(f"{label} {path}")
                except OSError:
                    pass
if not changed:
    raise PermissionError("no data file could be changed")
result = " | ".join(changed)
