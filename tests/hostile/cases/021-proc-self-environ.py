# expect: ERROR
# layer1: stops
# unrestricted: WRONG_ANSWER
# ruff: noqa
# The process's environment as the kernel recorded it at exec time.
result = open("/proc/self/environ", "rb").read().decode(errors="replace")
