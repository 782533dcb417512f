# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# /proc/PID/mem writes into another process's memory, code pages included. PID 1 (bubblewrap's
# init) has no seccomp filter and no limits: code planted there runs unconfined and outlives this
# run. Prove write access harmlessly: write the bytes that are already there back.
import os

with open("/proc/1/stat") as fh:
    fields = fh.read().rsplit(")", 1)[1].split()
env_start = int(fields[47])  # field 50 of /proc/PID/stat
fd = os.open("/proc/1/mem", os.O_RDWR)
original = os.pread(fd, 16, env_start)
written = os.pwrite(fd, original, env_start)
result = f"wrote {written} bytes into PID 1's memory at {env_start:#x}"
