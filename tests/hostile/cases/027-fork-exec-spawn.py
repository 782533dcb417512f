# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Every way to start a process: fork, posix_spawn, exec (which would replace this one).
import os

started = []
for label, attempt in (
    ("fork", lambda: os.fork()),
    ("posix_spawn", lambda: os.posix_spawn("/bin/sh", ["sh", "-c", "true"], {})),
    ("execv", lambda: os.execv("/bin/sh", ["sh", "-c", "true"])),
):
    try:
        pid = attempt()
        if pid == 0:
            os._exit(0)
        started.append(f"{label}: {pid}")
    except OSError:
        pass
if not started:
    raise PermissionError("no process could be started")
result = " | ".join(started)
