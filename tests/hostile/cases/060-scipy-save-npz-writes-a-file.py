# expect: ERROR
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# scipy is allowed; scipy.sparse (reached as an attribute) writes files with save_npz.
import scipy

scipy.sparse.save_npz("/tmp/unwind-canary/pwned-scipy", scipy.sparse.eye(2))
result = "written"
