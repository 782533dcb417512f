# expect: ERROR
# layer1: stops
# unrestricted: WRONG_ANSWER
# ruff: noqa
# getattr with dunder names built at run time, so no dunder appears in the source.
name = "_" * 2 + "class" + "_" * 2
cls = getattr(1, name)
result = repr(getattr(cls, "_" * 2 + "subclasses" + "_" * 2)())[:2000]
