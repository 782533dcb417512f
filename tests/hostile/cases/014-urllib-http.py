# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Fetch a URL: the local Redis (which answers HTTP with an error) and the metadata service clouds use.
import urllib.request

obtained = []
for url in ("http://127.0.0.1:6379/", "http://169.254.169.254/latest/meta-data/"):
    try:
        obtained.append(urllib.request.urlopen(url, timeout=1).read().decode())
    except Exception as exc:
        if "PONG" in str(exc) or "ERR" in str(exc):
            obtained.append(str(exc))
if not obtained:
    raise PermissionError("no URL could be fetched")
result = " | ".join(obtained)
