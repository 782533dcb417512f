"""What a sandboxed process does to itself before it runs learner code: resource limits and a
seccomp filter. Runs inside the sandbox (bubblewrap already gave it no network, a read-only view of
the files it needs, no capabilities and its own user); this is the layer that still holds if code
finds a way around the language-level guards.
"""

from __future__ import annotations

import contextlib
import errno
import importlib.util
import os
import resource
from pathlib import Path
from types import ModuleType

# Debian's python3-seccomp is built for Python 3.11's ABI; load it by path so the venv need not
# see the rest of Debian's dist-packages.
SECCOMP_PATHS = (
    Path("/usr/lib/python3/dist-packages/seccomp.cpython-311-x86_64-linux-gnu.so"),
    Path("/usr/lib/python3/dist-packages/seccomp.cpython-311-aarch64-linux-gnu.so"),
)

# Syscalls no learner code needs: networking, new processes, debugging others, changing identity,
# mounting, loading kernel code, and the older escape hatches.
DENIED_SYSCALLS = (
    "socket",
    "socketpair",
    "connect",
    "bind",
    "listen",
    "accept",
    "accept4",
    "sendto",
    "sendmsg",
    "recvfrom",
    "recvmsg",
    "fork",
    "vfork",
    "execve",
    "execveat",
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "kill",
    "rt_sigqueueinfo",
    "rt_tgsigqueueinfo",
    "creat",
    "tkill",
    "tgkill",
    "pidfd_open",
    "pidfd_send_signal",
    "pidfd_getfd",
    "setuid",
    "setgid",
    "setreuid",
    "setregid",
    "setresuid",
    "setresgid",
    "setgroups",
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "unshare",
    "setns",
    "init_module",
    "finit_module",
    "delete_module",
    "kexec_load",
    "bpf",
    "perf_event_open",
    "keyctl",
    "add_key",
    "request_key",
    "userfaultfd",
    "personality",
    "io_uring_setup",
    "mknod",
    "mknodat",
    "link",
    "linkat",
    "symlink",
    "symlinkat",
    "unlink",
    "unlinkat",
    "rename",
    "renameat",
    "renameat2",
    "mkdir",
    "mkdirat",
    "rmdir",
    "chmod",
    "fchmod",
    "fchmodat",
    "chown",
    "fchown",
    "lchown",
    "fchownat",
    "truncate",
    "ftruncate",
    "memfd_create",
    "prctl",
    "seccomp",
)
CLONE_THREAD = 0x00010000


class ConfinementUnavailable(RuntimeError):
    """The OS cannot confine this process (no seccomp module or filter support)."""


def load_seccomp() -> ModuleType:
    for path in SECCOMP_PATHS:
        if path.is_file():
            spec = importlib.util.spec_from_file_location("seccomp", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    raise ConfinementUnavailable("python3-seccomp is not installed (apt-get install python3-seccomp)")


def install_seccomp(seccomp: ModuleType) -> None:
    """Deny the syscalls above with EPERM; allow threads (clone with CLONE_THREAD) but not processes.

    Threads are allowed because DuckDB and BLAS use them; clone3 answers ENOSYS so that the C library
    falls back to clone, whose flags the filter can inspect.
    """
    flt = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    deny = seccomp.ERRNO(errno.EPERM)
    for name in DENIED_SYSCALLS:
        with contextlib.suppress(RuntimeError, ValueError, OSError):  # a syscall this architecture lacks
            flt.add_rule(deny, name)
    flt.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    # Limits only on itself (pid 0): never another process's, such as the zygote's.
    flt.add_rule(deny, "prlimit64", seccomp.Arg(0, seccomp.NE, 0))
    # No new files anywhere (the mounts are read-only too; this also covers /dev and anything writable).
    flt.add_rule(deny, "open", seccomp.Arg(1, seccomp.MASKED_EQ, os.O_CREAT, os.O_CREAT))
    flt.add_rule(deny, "openat", seccomp.Arg(2, seccomp.MASKED_EQ, os.O_CREAT, os.O_CREAT))
    flt.add_rule(deny, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, CLONE_THREAD, 0))
    flt.load()


def set_limits(cpu_seconds: int, address_space_mb: int | None, open_files: int = 64) -> None:
    """CPU time, memory (address space), open files, and no file may grow (writes fail)."""
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    if address_space_mb:
        size = address_space_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def current_address_space_mb() -> int:
    """This process's virtual size now: the memory limit is granted on top of it."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[0])
    return pages * resource.getpagesize() // (1024 * 1024)


def make_undumpable() -> None:
    """Forbid same-user processes (learner children) from reading this one's memory via /proc."""
    import ctypes

    pr_set_dumpable = 4
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_dumpable, 0, 0, 0, 0)
