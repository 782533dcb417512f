# expect: ERROR, REJECTED
# ruff: noqa
# Everything at once, with layer 1 on: escape RestrictedPython through operator.attrgetter (which
# reads attributes, dunders included, without the guard), then read PID 1's environment.
from operator import attrgetter

real_builtins = attrgetter("__self__")(len)
read = attrgetter("read")
result = read(attrgetter("open")(real_builtins)("/proc/1/environ", "rb"))().decode(errors="replace")
if "UNWIND" not in result:
    raise PermissionError("PID 1's environment holds nothing of the grader's")
