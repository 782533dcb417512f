# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Debug the zygote: ptrace(PTRACE_ATTACH) and process_vm_readv.
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
reached = []
if libc.ptrace(16, os.getppid(), None, None) == 0:  # PTRACE_ATTACH
    reached.append("ptrace")
buf = ctypes.create_string_buffer(64)
local = (ctypes.c_void_p * 2)(ctypes.addressof(buf), 64)
remote = (ctypes.c_void_p * 2)(0x400000, 64)
if libc.process_vm_readv(os.getppid(), local, 1, remote, 1, 0) > 0:
    reached.append("process_vm_readv")
if not reached:
    raise PermissionError(f"refused, errno {ctypes.get_errno()}")
result = " | ".join(reached)
