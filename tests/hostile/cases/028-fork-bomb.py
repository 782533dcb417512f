# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# The classic fork bomb.
import os

while True:
    os.fork()
