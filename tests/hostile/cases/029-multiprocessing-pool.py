# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# A process pool, as a learner might reach for to "speed things up".
import multiprocessing

with multiprocessing.Pool(2) as pool:
    result = sum(pool.map(abs, range(10)))
