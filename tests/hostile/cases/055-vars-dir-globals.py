# expect: ERROR
# layer1: stops
# unrestricted: WRONG_ANSWER
# ruff: noqa
# The introspection built-ins: globals(), locals(), vars(), dir() and the real builtins behind them.
scope = globals()
result = repr(sorted(scope)) + repr(dir(scope["__builtins__"]))[:1000] + repr(sorted(vars(pd))[:50])
