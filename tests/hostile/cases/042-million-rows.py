# expect: WRONG_ANSWER, MEMORY_LIMIT, ERROR
# unrestricted: WRONG_ANSWER, MEMORY_LIMIT, ERROR
# ruff: noqa
# A million rows back to the grader: only the first 100,000 travel, and the verdict says why.
result = pd.DataFrame({"n": np.arange(1_000_000)})
