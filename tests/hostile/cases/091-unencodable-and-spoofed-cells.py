# expect: ERROR, WRONG_ANSWER
# unrestricted: ERROR, WRONG_ANSWER
# ruff: noqa
# Cells the reply's encoding may trip on: a lone surrogate, a dict shaped like the codec's own type
# tags, raw bytes that are not UTF-8.
result = pd.DataFrame({"n": ["\ud800", {"$f": "nan"}, b"\xff\xfe"]})
