# expect: REJECTED
# layer1: stops
# unrestricted: WRONG_ANSWER
# ruff: noqa
# The garbage collector lists every live object this process inherited from the zygote: look for
# requests (code, database paths) and anything that is not this run's.
import gc

found = []
for obj in gc.get_objects():
    if isinstance(obj, dict) and "code" in obj and "database" in obj:
        found.append(f"request for {obj['database']}: {len(obj['code'])} characters of code")
result = " | ".join(found) or "no request found"
