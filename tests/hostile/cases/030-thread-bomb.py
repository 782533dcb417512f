# expect: REJECTED
# layer1: stops
# unrestricted: ERROR, MEMORY_LIMIT, TIME_LIMIT
# ruff: noqa
# Threads are allowed (DuckDB and BLAS need them): start them until something gives.
import threading
import time

threads = []
while True:
    thread = threading.Thread(target=time.sleep, args=(60,), daemon=True)
    thread.start()
    threads.append(thread)
