# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# The zygote (the process this one was forked from) holds every dataset's tables and the protocol:
# read its memory, environment, open files and root.
import os

obtained = []
parent = os.getppid()
for path in (f"/proc/{parent}/environ", f"/proc/{parent}/mem", f"/proc/{parent}/fd/0", f"/proc/{parent}/fd/1"):
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        obtained.append(f"opened {path}")
        os.close(fd)
    except OSError:
        pass
for path in (f"/proc/{parent}/root/", f"/proc/{parent}/cwd/"):
    try:
        obtained.append(f"{path}: {os.listdir(path)}")
    except OSError:
        pass
for fd in range(10):
    try:
        obtained.append(f"fd {fd}: {os.readlink(f'/proc/{parent}/fd/{fd}')}")
    except OSError:
        pass
if not obtained:
    raise PermissionError(f"the zygote (pid {parent}) is out of reach")
result = " | ".join(obtained)
