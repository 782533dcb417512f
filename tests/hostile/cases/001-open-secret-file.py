# expect: ERROR
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Read the planted secret with the built-in open().
result = open("/tmp/unwind-canary/secret.txt").read()
