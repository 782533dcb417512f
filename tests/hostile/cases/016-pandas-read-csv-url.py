# expect: ERROR
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# pandas readers accept URLs: point one at Redis.
result = pd.read_csv("http://127.0.0.1:6379/", header=None)
