# expect: ERROR
# layer1: stops
# unrestricted: WRONG_ANSWER
# ruff: noqa
# The same through str.format called on the class, and format_map.
result = str.format("{0.__class__.__mro__}", eq_daily) + "{f.__globals__[__name__]}".format_map({"f": pd.read_csv})
