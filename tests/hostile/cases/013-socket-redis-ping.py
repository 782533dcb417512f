# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Talk to the Redis server on the grader's machine.
import socket

with socket.create_connection(("127.0.0.1", 6379), timeout=1) as conn:
    conn.sendall(b"PING\r\n")
    result = conn.recv(100).decode()
