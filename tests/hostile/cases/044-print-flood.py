# expect: WRONG_ANSWER, TIME_LIMIT
# unrestricted: WRONG_ANSWER, TIME_LIMIT
# ruff: noqa
# A hundred megabytes of printing: with layer 1 it is captured and capped, without it it goes to
# the sandbox's stderr; neither may reach the protocol.
line = "x" * 1000
for _ in range(100_000):
    print(line)
result = "printed"
