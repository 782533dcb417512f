# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Nothing in the sandbox should be writable. A file created where the next run can see it carries
# data from one learner's run to another's (its name alone can hold 255 bytes).
import os

paths = ("/dev/shm/unwind-marker", "/dev/unwind-marker", "/tmp/unwind-marker", "/unwind-marker",
         "/proc/unwind-marker", "/dev/pts/unwind-marker", "/dev/mqueue/unwind-marker")
left = [p for p in paths if os.path.exists(p)]
made = []
for path in paths:
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o644))
        made.append(path)
    except OSError:
        pass
if not made and not left:
    raise PermissionError("no file could be created")
result = f"created {made}; left by an earlier run: {left}"
