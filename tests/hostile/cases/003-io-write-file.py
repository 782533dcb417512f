# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Write a file next to the secret through the io module.
import io

with io.open("/tmp/unwind-canary/pwned.txt", "w") as fh:
    fh.write("pwned")
result = "written"
