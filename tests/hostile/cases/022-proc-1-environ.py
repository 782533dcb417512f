# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# The environment of PID 1 in the sandbox's PID namespace (bubblewrap's own init process), and of
# every other process the sandbox can see.
import os

obtained = []
for pid in sorted(p for p in os.listdir("/proc") if p.isdigit()):
    try:
        with open(f"/proc/{pid}/environ", "rb") as fh:
            obtained.append(f"{pid}: {fh.read().decode(errors='replace')}")
    except OSError:
        pass
mine = open("/proc/self/environ", "rb").read().decode(errors="replace")
others = [o for o in obtained if not o.endswith(mine)]
if not others:
    raise PermissionError("no other process's environment is readable")
result = " | ".join(others)
