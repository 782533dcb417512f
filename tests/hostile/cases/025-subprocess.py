# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Run a shell command that copies the secret out.
import subprocess

result = subprocess.run(["cat", "/tmp/unwind-canary/secret.txt"], capture_output=True, text=True).stdout
