# expect: REJECTED
# layer1: stops
# unrestricted: WRONG_ANSWER
# ruff: noqa
# The same walk, starting from an exception's traceback instead of sys.
try:
    1 / 0
except ZeroDivisionError as exc:
    frame = exc.__traceback__.tb_frame
seen = []
while frame is not None:
    seen.append(f"{frame.f_code.co_name}: {sorted(frame.f_globals)[:20]}")
    frame = frame.f_back
result = " | ".join(seen)
