# expect: REJECTED
# layer1: stops
# unrestricted: TIME_LIMIT
# ruff: noqa
# Ignore or block every signal a time limit might use, then spin.
import signal

for sig in (signal.SIGXCPU, signal.SIGTERM, signal.SIGALRM, signal.SIGINT, signal.SIGHUP, signal.SIGVTALRM):
    signal.signal(sig, signal.SIG_IGN)
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGXCPU, signal.SIGTERM, signal.SIGALRM})
while True:
    pass
