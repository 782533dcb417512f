# expect: REJECTED
# layer1: stops
# unrestricted: WRONG_ANSWER
# ruff: noqa
# A generator's frame, then its globals.
def gen():
    yield 1


g = gen()
result = repr(sorted(g.gi_frame.f_globals))[:1000]
