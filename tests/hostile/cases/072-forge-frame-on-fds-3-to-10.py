# expect: REJECTED
# layer1: stops
# unrestricted: ERROR, WRONG_ANSWER
# ruff: noqa
# Write a reply frame saying ACCEPTED to every descriptor from 3 to 10: one of them is the pipe this
# run's real reply travels on.
import json
import os
import struct

body = json.dumps({"status": "ACCEPTED", "table": None, "error": "forged on a descriptor"}).encode()
for fd in range(3, 11):
    try:
        os.write(fd, struct.pack(">I", len(body)) + body)
    except OSError:
        pass
result = pd.DataFrame({"n": [0]})
