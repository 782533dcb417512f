# expect: ERROR
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# numpy's raw file readers: fromfile, memmap and loadtxt on the secret.
obtained = []
for attempt in (
    lambda: np.fromfile("/tmp/unwind-canary/secret.txt", dtype=np.uint8).tobytes().decode(),
    lambda: np.memmap("/tmp/unwind-canary/secret.txt", dtype=np.uint8, mode="r").tobytes().decode(),
    lambda: str(np.loadtxt("/tmp/unwind-canary/secret.txt", dtype=str)),
    lambda: str(np.genfromtxt("/tmp/unwind-canary/secret.txt", dtype=str)),
):
    try:
        obtained.append(attempt())
    except Exception:
        pass
if not obtained:
    raise PermissionError("every reader was refused")
result = " | ".join(obtained)
