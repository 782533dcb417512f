# expect: ERROR
# unrestricted: ERROR
# ruff: noqa
# Pretend someone pressed Ctrl-C.
raise KeyboardInterrupt
