# expect: TIME_LIMIT
# unrestricted: TIME_LIMIT
# ruff: noqa
# Spin forever.
while True:
    pass
