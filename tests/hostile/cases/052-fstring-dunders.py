# expect: REJECTED
# layer1: stops
# unrestricted: WRONG_ANSWER
# ruff: noqa
# Dunder access hidden inside an f-string's replacement field and format spec.
width = 10
result = f"{eq_daily.__class__.__init__.__globals__!r:>{width}}"[:2000]
