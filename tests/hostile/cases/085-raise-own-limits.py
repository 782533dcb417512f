# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# Lift this process's own limits: memory, CPU time, file size, open files.
import resource

raised = []
for name in ("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_NOFILE"):
    try:
        resource.setrlimit(getattr(resource, name), (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        raised.append(name)
    except (ValueError, OSError):
        pass
if not raised:
    raise PermissionError("no limit could be lifted")
result = " | ".join(raised)
