# expect: REJECTED
# layer1: stops
# unrestricted: WRONG_ANSWER
# ruff: noqa
# The environment: the secret by name, then everything.
import os

result = os.getenv("UNWIND_CANARY_SECRET") or repr(dict(os.environ))
