# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# mmap: map the dataset file shared and writable (writes would land in the file), and map far more
# anonymous memory than the limit allows.
import mmap
import os

done = []
for folder, _, files in os.walk("/tmp"):
    for name in files:
        if name.endswith(".duckdb"):
            with open(os.path.join(folder, name), "rb") as fh:
                try:
                    mmap.mmap(fh.fileno(), 0, flags=mmap.MAP_SHARED, prot=mmap.PROT_READ | mmap.PROT_WRITE)
                    done.append(f"shared writable map of {name}")
                except OSError:
                    pass
try:
    mmap.mmap(-1, 8 * 1024**3)
    done.append("8 GB anonymous map")
except (OSError, OverflowError, MemoryError):
    pass
if not done:
    raise PermissionError("every map was refused")
result = " | ".join(done)
