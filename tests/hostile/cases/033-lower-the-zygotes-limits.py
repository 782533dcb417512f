# expect: REJECTED
# layer1: stops
# unrestricted: ERROR
# ruff: noqa
# prlimit() on another process: leave the zygote with too few file descriptors to start the next
# learner's run.
import os
import resource

resource.prlimit(os.getppid(), resource.RLIMIT_NOFILE, (7, 7))
result = "the zygote is left with 7 file descriptors"
