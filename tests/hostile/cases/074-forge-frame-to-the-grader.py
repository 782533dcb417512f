# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# PID 1 in the sandbox (bubblewrap's init) still holds the pipes to the grader: open its stdout
# through /proc and speak to the grader directly. The real reply then answers the NEXT submission.
import json
import os
import struct

fd = os.open("/proc/1/fd/1", os.O_WRONLY)
body = json.dumps({"status": "ACCEPTED", "table": None, "error": "forged to the grader"}).encode()
os.write(fd, struct.pack(">I", len(body)) + body)
result = pd.DataFrame({"n": [0]})
