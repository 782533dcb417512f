# expect: ERROR, REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# operator is on the import allowlist, and operator.attrgetter reads any attribute without the
# guard: here pandas' read_csv, denied by name, pointed at the secret.
from operator import attrgetter

result = attrgetter("read_csv")(pd)("/tmp/unwind-canary/secret.txt", header=None)
