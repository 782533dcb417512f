# expect: REJECTED
# layer1: stops
# unrestricted: ERROR, WRONG_ANSWER
# ruff: noqa
# Swap builtins the grader's own code uses after the learner's (isinstance, len) so the result is
# misjudged: that can only confuse this forked process, and the grader decides nothing from it.
import builtins

builtins.isinstance = lambda obj, cls: True
builtins.len = lambda obj: 0
result = "tampered"
