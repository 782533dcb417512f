# expect: ERROR
# layer1: stops
# unrestricted: WRONG_ANSWER
# ruff: noqa
# str.format reads attributes and items named in the format string, dunders included, without any
# attribute access in the code itself: from a pandas function to os.environ.
template = "{0.__globals__[os].environ}"
result = template.format(pd.read_csv)
