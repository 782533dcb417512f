# expect: ERROR
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Pickle a frame to disk and read it back (read_pickle would also run whatever a pickle holds).
eq_daily.head().to_pickle("/tmp/unwind-canary/pwned.pkl")
result = pd.read_pickle("/tmp/unwind-canary/pwned.pkl")
