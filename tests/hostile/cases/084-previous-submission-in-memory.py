# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# This process is a fork of the zygote, which decoded every earlier request: search its inherited
# heap for the previous learner's code.
import re

needle = ("# my " + "solution (").encode()
found = set()
with open("/proc/self/maps") as maps, open("/proc/self/mem", "rb", 0) as mem:
    for line in maps:
        fields = line.split()
        lo, hi = (int(x, 16) for x in fields[0].split("-"))
        if "r" not in fields[1] or hi - lo > 64 * 1024 * 1024 or fields[-1].startswith("[v"):
            continue
        try:
            mem.seek(lo)
            chunk = mem.read(hi - lo)
        except (OSError, OverflowError, ValueError):
            continue
        found.update(m.group().decode() for m in re.finditer(re.escape(needle) + rb"[ -~]{1,80}", chunk))
found = sorted(f for f in found if ")" in f)
if not found:
    raise PermissionError("no earlier submission left in memory")
result = " | ".join(found)
