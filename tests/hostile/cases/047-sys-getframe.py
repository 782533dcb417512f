# expect: REJECTED
# layer1: stops
# unrestricted: WRONG_ANSWER
# ruff: noqa
# Walk up the stack into the grader's own frames and report what they hold.
import sys

frame, seen = sys._getframe(), []
while frame is not None:
    seen.append(f"{frame.f_code.co_name}: {sorted(frame.f_locals)}")
    frame = frame.f_back
result = " | ".join(seen)
