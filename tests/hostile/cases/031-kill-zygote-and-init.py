# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Kill the processes around this one: PID 1 (the sandbox's init), the zygote, its process group.
import os
import signal

killed = []
for label, attempt in (
    ("kill 1", lambda: os.kill(1, signal.SIGKILL)),
    ("kill zygote", lambda: os.kill(os.getppid(), signal.SIGKILL)),
    ("kill 3", lambda: os.kill(3, signal.SIGKILL)),
    ("killpg", lambda: os.killpg(os.getpgid(0), signal.SIGKILL)),
    ("kill -1", lambda: os.kill(-1, signal.SIGKILL)),
):
    try:
        attempt()
        killed.append(label)
    except OSError:
        pass
if not killed:
    raise PermissionError("no signal could be sent")
result = " | ".join(killed)
