# expect: ERROR
# unrestricted: ERROR
# ruff: noqa
# Unbounded recursion.
def down(n):
    return down(n + 1) + 1


result = down(0)
