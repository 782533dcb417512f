# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Skip Python's socket module: call the C library's socket() and connect() directly.
import ctypes
import struct

libc = ctypes.CDLL(None, use_errno=True)
fd = libc.socket(2, 1, 0)  # AF_INET, SOCK_STREAM
if fd < 0:
    raise PermissionError(f"socket() refused, errno {ctypes.get_errno()}")
address = struct.pack("!HH4s8x", 2, 6379, bytes([127, 0, 0, 1]))
address = struct.pack("=H", 2) + address[2:]
if libc.connect(fd, address, len(address)) != 0:
    raise PermissionError(f"connect() refused, errno {ctypes.get_errno()}")
libc.write(fd, b"PING\r\n", 6)
reply = ctypes.create_string_buffer(100)
libc.read(fd, reply, 100)
result = reply.value.decode()
