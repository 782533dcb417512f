# expect: ERROR
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Modules imported by allowed modules are plain attributes: pandas.errors imports ctypes, and
# ctypes calls any C function, here getenv.
ctypes = pd.errors.ctypes
getenv = ctypes.CDLL(None)["getenv"]
getenv.restype = ctypes.c_char_p
result = getenv(b"UNWIND_CANARY_SECRET").decode()
