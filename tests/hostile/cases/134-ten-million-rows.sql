-- expect: WRONG_ANSWER
-- Ten million rows back to the grader.
SELECT range AS n FROM range(10000000)
