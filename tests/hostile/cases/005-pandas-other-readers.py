# expect: ERROR
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Every other pandas reader, one after the other, on the secret and on the system's files.
obtained = []
for reader in ("read_parquet", "read_json", "read_table", "read_fwf", "read_html", "read_xml", "read_feather"):
    for path in ("/tmp/unwind-canary/secret.txt", "/etc/ld.so.cache"):
        try:
            obtained.append(str(getattr(pd, reader)(path)))
        except Exception:
            pass
if not obtained:
    raise PermissionError("every reader was refused")
result = " | ".join(obtained)
