# expect: MEMORY_LIMIT, ERROR
# unrestricted: MEMORY_LIMIT, ERROR
# ruff: noqa
# A huge array, then a frame that grows by concatenation.
big = np.ones(1 << 31)
frames = [eq_daily]
while True:
    frames.append(pd.concat(frames))
