# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# The C library's system(): a shell that copies the secret next to itself.
import ctypes

status = ctypes.CDLL(None).system(b"cp /tmp/unwind-canary/secret.txt /tmp/unwind-canary/pwned.txt")
if status != 0:
    raise PermissionError(f"system() gave status {status}")
result = "copied"
