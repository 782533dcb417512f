# expect: MEMORY_LIMIT, TIME_LIMIT, ERROR
# unrestricted: MEMORY_LIMIT, TIME_LIMIT, ERROR
# ruff: noqa
# Memory taken a megabyte at a time, so no single allocation looks large.
chunks = []
while True:
    chunks.append(" " * (1024 * 1024) + str(len(chunks)))
