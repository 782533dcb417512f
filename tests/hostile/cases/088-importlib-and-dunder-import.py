# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Import without an import statement: __import__ and importlib, for socket.
socket = __import__("importlib").import_module("socket")
socket.socket().connect(("127.0.0.1", 6379))
result = "connected"
