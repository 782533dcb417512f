# expect: ERROR
# unrestricted: ERROR
# ruff: noqa
# Leave "successfully" before setting a result.
raise SystemExit(0)
