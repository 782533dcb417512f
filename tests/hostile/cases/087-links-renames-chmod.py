# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Links out of the sandbox's view, renames, directories and permission changes.
import os

done = []
for label, attempt in (
    ("symlink", lambda: os.symlink("/proc/1/root", "/dev/shm/unwind-link")),
    ("hard link", lambda: os.link("/dev/null", "/dev/shm/unwind-null")),
    ("rename", lambda: os.rename("/dev/shm", "/dev/unwind-shm")),
    ("mkdir", lambda: os.mkdir("/dev/shm/unwind-dir")),
    ("chmod", lambda: os.chmod("/dev/shm", 0o777)),
    ("unlink", lambda: os.unlink("/dev/shm/unwind-marker")),
):
    try:
        attempt()
        done.append(label)
    except OSError:
        pass
if not done:
    raise PermissionError("every change was refused")
result = " | ".join(done)
