# expect: ERROR, REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# attrgetter with dunders: a builtin function's __self__ is the real builtins module, whose
# __import__ imports anything. Then read the grader's environment.
from operator import attrgetter

real_import = attrgetter("__self__.__import__")(len)
result = attrgetter("environ")(real_import("os"))["UNWIND_CANARY_SECRET"]
