"""The bubblewrap command line that starts a sandbox process (parent side).

The sandbox sees: the system's libraries, the Python installation and virtualenv, the grader's own
code, and the dataset folders it is given, all read-only; a fresh /proc and /dev; no network (its own
empty network namespace); its own user, PID, IPC and UTS namespaces; no capabilities; an empty
environment. Nothing in it is writable.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from grader.sandbox.confine import SECCOMP_PATHS

GRADER_DIR = Path(__file__).resolve().parents[1]
SYSTEM_DIRS = ("/usr", "/lib", "/lib64", "/bin", "/etc/ld.so.cache", "/etc/alternatives")
PASSED_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")  # correctness settings for some CPUs
SANDBOX_UID = "65534"


class SandboxUnavailable(RuntimeError):
    """This machine cannot run the OS sandbox; the message says what is missing."""


def bwrap_env() -> dict[str, str]:
    """The environment bubblewrap itself starts with: nothing of the grader's."""
    return {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


def bwrap_argv(module_args: list[str], read_only: Iterable[Path]) -> list[str]:
    """The full command: bwrap with its options, then the sandboxed Python running `module_args`."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailable("bubblewrap is not installed (apt-get install bubblewrap)")
    argv = [
        # --as-pid-1: no bubblewrap init inside the sandbox whose /proc entries (environment, the grader's
        # pipes, memory) a run could reach; our server is PID 1 and is not dumpable.
        bwrap, "--unshare-all", "--as-pid-1", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
        "--uid", SANDBOX_UID, "--gid", SANDBOX_UID, "--hostname", "sandbox",
        "--proc", "/proc", "--dev", "/dev", "--clearenv", "--chdir", "/",
    ]
    for path in SYSTEM_DIRS:
        argv += ["--ro-bind-try", path, path]
    mounts = {Path(sys.base_prefix).resolve(), Path(sys.prefix), GRADER_DIR, *(Path(p).resolve() for p in read_only)}
    for path in sorted(mounts):
        argv += ["--ro-bind", str(path), str(path)]
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": "/nonexistent",
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(GRADER_DIR.parent),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        **{k: os.environ[k] for k in PASSED_ENV if k in os.environ},
    }
    for key, value in env.items():
        argv += ["--setenv", key, value]
    # The sandbox's own root (a tmpfs) and /dev are read-only too: nothing is writable.
    argv += ["--remount-ro", "/dev", "--remount-ro", "/"]
    return [*argv, "--", sys.executable, "-B", "-m", "grader.sandbox.server", *module_args]


@functools.cache
def check_available() -> None:
    """Raise SandboxUnavailable unless bubblewrap, namespaces and seccomp all work here."""
    if not any(p.is_file() for p in SECCOMP_PATHS):
        raise SandboxUnavailable("python3-seccomp is not installed (apt-get install python3-seccomp)")
    argv = bwrap_argv(["--check"], [])
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=bwrap_env())
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SandboxUnavailable(f"bubblewrap could not start: {exc}") from None
    if proc.returncode != 0 or proc.stdout.strip() != "sandbox ok":
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        raise SandboxUnavailable(f"the sandbox self-check failed: {detail[0]}")


def available() -> bool:
    try:
        check_available()
    except SandboxUnavailable:
        return False
    return True
