# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# A new user namespace would give capabilities; mount, chroot and setns would change what is visible.
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
done = []
for label, attempt in (
    ("unshare(NEWUSER)", lambda: libc.unshare(0x10000000)),
    ("unshare(NEWNS)", lambda: libc.unshare(0x00020000)),
    ("mount tmpfs", lambda: libc.mount(b"none", b"/tmp", b"tmpfs", 0, None)),
    ("chroot", lambda: libc.chroot(b"/dev/shm")),
    ("setns", lambda: libc.setns(0, 0)),
):
    if attempt() == 0:
        done.append(label)
if not done:
    raise PermissionError(f"refused, errno {ctypes.get_errno()}")
result = " | ".join(done)
