# expect: REJECTED
# layer1: stops
# unrestricted: TIME_LIMIT
# ruff: noqa
# Use no CPU at all, so a CPU-time limit never fires: only the wall clock can stop this.
import time

time.sleep(3600)
result = 1
