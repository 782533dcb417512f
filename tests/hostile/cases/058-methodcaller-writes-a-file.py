# expect: ERROR, REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# operator.methodcaller calls a method by name without the guard: DataFrame.to_csv.
import operator

operator.methodcaller("to_csv", "/tmp/unwind-canary/pwned-methodcaller.csv")(eq_daily.head())
result = "written"
