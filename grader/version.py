"""The grader's version, recorded with every verdict so a regrade or a dispute can be traced."""

# Bump when a change to the grader could change a verdict (runner policy, comparison, limits).
GRADER_VERSION = "1.0.0"
