# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# A pickle that runs a shell command when loaded, loaded here, and returned as the result in case
# the grader unpickles what comes back.
import os
import pickle


class Payload:
    def __reduce__(self):
        return (os.system, ("cp /tmp/unwind-canary/secret.txt /tmp/unwind-canary/pwned.txt",))


pickle.loads(pickle.dumps(Payload()))
result = Payload()
