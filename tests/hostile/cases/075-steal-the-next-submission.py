# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Through PID 1's pipes: answer this run, read the grader's NEXT request (another learner's code),
# and answer it too, with that code as the result.
import json
import os
import select
import struct

to_grader = os.open("/proc/1/fd/1", os.O_WRONLY)
from_grader = os.open("/proc/1/fd/0", os.O_RDONLY)


def send(message):
    body = json.dumps(message).encode()
    os.write(to_grader, struct.pack(">I", len(body)) + body)


def receive():
    size = struct.unpack(">I", os.read(from_grader, 4))[0]
    body = b""
    while len(body) < size:
        body += os.read(from_grader, size - len(body))
    return json.loads(body)


send({"status": "ERROR", "table": None, "error": "Please submit again."})
if select.select([from_grader], [], [], 1.5)[0]:
    stolen = receive()["code"]
    send({"status": "ok", "table": {"columns": ["n"], "rows": [[stolen]]}, "error": None})
result = pd.DataFrame({"n": [0]})
