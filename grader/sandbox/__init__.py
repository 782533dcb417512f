"""The OS sandbox that learner code runs in: bubblewrap namespaces, read-only mounts, seccomp and
resource limits, with a warm process per language (see docs/sandbox.md)."""

from grader.sandbox.client import SandboxProcess
from grader.sandbox.launcher import SandboxUnavailable, available, check_available

__all__ = ["SandboxProcess", "SandboxUnavailable", "available", "check_available"]
