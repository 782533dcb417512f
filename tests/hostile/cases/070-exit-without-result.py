# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# End the process at once with status 0, skipping everything after the learner's code.
import os

os._exit(0)
