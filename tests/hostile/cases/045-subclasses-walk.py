# expect: REJECTED
# layer1: stops
# unrestricted: WRONG_ANSWER
# ruff: noqa
# The textbook escape: from any object to object's subclasses, to one defined in os, to its module
# globals, to os.environ.
for cls in ().__class__.__bases__[0].__subclasses__():
    if cls.__name__ == "_wrap_close":
        environ = cls.__init__.__globals__["environ"]
        result = environ.get("UNWIND_CANARY_SECRET") or repr(dict(environ))
