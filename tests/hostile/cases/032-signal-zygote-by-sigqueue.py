# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# kill() is filtered; rt_sigqueueinfo() sends signals too. Probe with signal 0, which only checks
# permission: success means any signal (SIGKILL, SIGSTOP) would reach the zygote.
import ctypes
import os
import platform
import struct

numbers = {"x86_64": 129, "aarch64": 138}  # rt_sigqueueinfo
libc = ctypes.CDLL(None, use_errno=True)
info = ctypes.create_string_buffer(128)
struct.pack_into("iii", info, 0, 0, 0, -1)  # si_signo, si_errno, si_code = SI_QUEUE
reached = []
for pid in (1, os.getppid()):
    if libc.syscall(numbers[platform.machine()], pid, 0, info) == 0:
        reached.append(pid)
if not reached:
    raise PermissionError(f"rt_sigqueueinfo refused, errno {ctypes.get_errno()}")
result = f"could signal pids {reached}"
