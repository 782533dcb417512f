# expect: ERROR, REJECTED
# ruff: noqa
# Everything at once, with layer 1 on: get the real __import__ through operator.attrgetter, then
# write an ACCEPTED reply to the grader through PID 1's stdout, for a wrong answer.
from operator import attrgetter

real_import = attrgetter("__self__.__import__")(len)
os, json, struct = real_import("os"), real_import("json"), real_import("struct")
fd = os.open("/proc/1/fd/1", os.O_WRONLY)
body = json.dumps({"status": "ACCEPTED", "table": None, "error": "forged with every layer on"}).encode()
os.write(fd, struct.pack(">I", len(body)) + body)
result = pd.DataFrame({"n": [0]})
