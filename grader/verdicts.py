"""The verdicts a submission can end with, and what each one means for the learner."""

from __future__ import annotations

import enum


class Verdict(enum.StrEnum):
    """Final outcome of grading one submission.

    ERROR, TIME_LIMIT, MEMORY_LIMIT and REJECTED are about the learner's code; INTERNAL_ERROR is ours
    (a broken dataset, a reference that fails) and never counts against the learner.
    """

    ACCEPTED = "ACCEPTED"
    WRONG_ANSWER = "WRONG_ANSWER"
    ERROR = "ERROR"
    TIME_LIMIT = "TIME_LIMIT"
    MEMORY_LIMIT = "MEMORY_LIMIT"
    REJECTED = "REJECTED"
    INTERNAL_ERROR = "INTERNAL_ERROR"

    @property
    def counts_as_attempt(self) -> bool:
        """Whether this verdict counts against the learner (ours do not)."""
        return self is not Verdict.INTERNAL_ERROR
