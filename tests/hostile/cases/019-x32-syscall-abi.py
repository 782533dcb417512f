# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Call socket() through the x32 system-call numbers, which a filter written for x86-64 numbers may miss.
import ctypes
import platform

if platform.machine() != "x86_64":
    raise PermissionError("the x32 ABI exists on x86-64 only")
libc = ctypes.CDLL(None, use_errno=True)
fd = libc.syscall(0x40000000 | 41, 2, 1, 0)  # __X32_SYSCALL_BIT | socket(AF_INET, SOCK_STREAM)
if fd < 0:
    raise PermissionError(f"refused, errno {ctypes.get_errno()}")
result = f"x32 socket() gave fd {fd}"
