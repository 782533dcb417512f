# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Close every descriptor, the reply pipe included, then set a result that can no longer be sent.
import os

os.closerange(0, 1024)
result = pd.DataFrame({"n": [0]})
