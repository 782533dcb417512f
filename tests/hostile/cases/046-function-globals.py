# expect: REJECTED
# layer1: stops
# unrestricted: WRONG_ANSWER
# ruff: noqa
# A pandas function's module globals lead to the modules it imported, and from there anywhere.
g = pd.read_csv.__globals__
result = repr(sorted(k for k in g if not k.startswith("__")))[:2000]
