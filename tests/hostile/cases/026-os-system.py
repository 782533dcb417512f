# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# os.system and os.popen: write a file and read the secret through a shell.
import os

status = os.system("echo pwned > /tmp/unwind-canary/pwned.txt")
if status != 0:
    raise PermissionError(f"os.system gave status {status}")
result = os.popen("cat /tmp/unwind-canary/secret.txt").read()
