# expect: ERROR
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# pandas' own reader, pointed at the secret.
result = pd.read_csv("/tmp/unwind-canary/secret.txt", header=None)
