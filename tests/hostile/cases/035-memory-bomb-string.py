# expect: MEMORY_LIMIT
# unrestricted: MEMORY_LIMIT
# ruff: noqa
# Two gigabytes in one string.
result = len("a" * (2 * 1024**3))
