# expect: REJECTED
# layer1: stops
# unrestricted: ERROR, MEMORY_LIMIT, TIME_LIMIT
# ruff: noqa
# Lift the recursion limit, then recurse until the stack or the memory runs out.
import sys

sys.setrecursionlimit(10**8)


def down(n):
    return down(n + 1) + 1


result = down(0)
