# expect: ERROR
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# DataFrame.apply looks a string up as a method of the frame: "to_csv" gets past the guard, which
# only sees attribute names written in the code.
eq_daily.head().apply("to_csv", path_or_buf="/tmp/unwind-canary/pwned-apply.csv")
result = "written"
