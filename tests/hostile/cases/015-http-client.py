# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# http.client straight at Redis, with PING as the request line.
import http.client

conn = http.client.HTTPConnection("127.0.0.1", 6379, timeout=1)
conn.request("PING", "/")
result = conn.getresponse().read().decode()
