# expect: REJECTED
# layer1: stops
# unrestricted: ERROR, WRONG_ANSWER
# ruff: noqa
# The grader's own code runs in this process after the learner's: patch the function that builds
# the reply, so that the wrong answer below is reported as accepted.
import sys

import grader.sandbox.server


def forged_reply(result):
    return {"status": "ACCEPTED", "table": None, "truncated": False, "error": "forged", "elapsed_ms": 0.0}


# The server runs as `python -m grader.sandbox.server`: its module is __main__ (and a second copy
# may be imported under its own name).
sys.modules["__main__"].result_message = forged_reply
grader.sandbox.server.result_message = forged_reply
result = pd.DataFrame({"n": [0]})
