# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Read the planted secret through pathlib.
from pathlib import Path

result = Path("/tmp/unwind-canary/secret.txt").read_text()
