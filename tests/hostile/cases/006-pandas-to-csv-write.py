# expect: ERROR
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Write the learner's copy of the data out as CSV, next to the secret.
eq_daily.to_csv("/tmp/unwind-canary/pwned.csv")
result = "written"
