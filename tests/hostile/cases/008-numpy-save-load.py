# expect: ERROR
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# numpy's save and load.
np.save("/tmp/unwind-canary/pwned.npy", np.arange(3))
result = int(np.load("/tmp/unwind-canary/pwned.npy", allow_pickle=True).sum())
