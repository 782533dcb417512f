"""Resource limits for running learner code. One object, so the web's Run and the worker's grade agree."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Bounds on one run of learner code.

    `max_rows` caps what a query may return to the grader; `display_rows` caps what is shown back.
    """

    time_limit_s: float = 5.0
    memory_mb: int = 512
    threads: int = 1
    max_rows: int = 100_000
    display_rows: int = 200
    max_code_bytes: int = 64 * 1024

    def __post_init__(self) -> None:
        if self.time_limit_s <= 0 or self.memory_mb <= 0 or self.threads <= 0:
            raise ValueError("limits must be positive")
        if self.display_rows > self.max_rows:
            raise ValueError("display_rows cannot exceed max_rows")


DEFAULT_LIMITS = Limits()
