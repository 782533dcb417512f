# expect: ERROR
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Not every writer is called to_csv: DataFrame.to_string writes to a path given as `buf`.
eq_daily.head().to_string("/tmp/unwind-canary/pwned-to-string.txt")
result = "written"
