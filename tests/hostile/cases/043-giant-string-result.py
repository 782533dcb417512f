# expect: REJECTED, MEMORY_LIMIT, ERROR
# unrestricted: REJECTED, MEMORY_LIMIT, ERROR
# ruff: noqa
# One 40 MB cell, more than a reply may carry.
result = "x" * (40 * 1024 * 1024)
