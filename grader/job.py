"""What the grader is asked to do (Job) and what it answers (Result, RunResult)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from grader.compare import CompareOptions
from grader.limits import DEFAULT_LIMITS, Limits
from grader.table import ResultTable
from grader.verdicts import Verdict

Language = Literal["sql", "python"]
LANGUAGES: tuple[Language, ...] = ("sql", "python")


@dataclass(frozen=True)
class DatasetVariant:
    """One variant of a dataset: 0 is the visible one, others are hidden grading variants."""

    variant: int
    path: Path
    dataset_hash: str

    @property
    def visible(self) -> bool:
        return self.variant == 0


@dataclass(frozen=True)
class KnownMistake:
    """A wrong solution learners commonly write, and what to tell a learner whose result matches it.

    It only ever runs on the visible variant: its message names a mistake, never a hidden value.
    """

    name: str
    language: Language
    code: str
    message: str


@dataclass(frozen=True)
class Job:
    """A grading request: the learner's code, the problem's reference and the data to run both on.

    `problem_version` identifies the reference and options; with a variant's `dataset_hash` it keys
    the cache of expected results.
    """

    code: str
    language: Language
    reference: str
    reference_language: Language
    variants: tuple[DatasetVariant, ...]
    options: CompareOptions = field(default_factory=CompareOptions)
    problem_version: str = ""
    limits: Limits = DEFAULT_LIMITS
    mistakes: tuple[KnownMistake, ...] = ()

    def __post_init__(self) -> None:
        if not self.variants:
            raise ValueError("a job needs at least one dataset variant")
        if not self.variants[0].visible:
            raise ValueError("the visible variant (0) must come first")


@dataclass(frozen=True)
class RunResult:
    """The outcome of running code once on one database: a table, or why there is none."""

    status: str  # "ok" or a Verdict's name
    table: ResultTable | None = None
    truncated: bool = False
    error: str | None = None
    elapsed_ms: float = 0.0
    # The error's class in a form that carries no data (grader.error_class): all a learner is shown of
    # an error on a hidden variant. None where the runner wrote the message itself.
    error_class: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_jsonable(self, display_rows: int | None = None) -> dict[str, Any]:
        """The `python -m grader run` contract: status, columns, rows, row_count, truncated, error, elapsed_ms."""
        data = self.table.to_jsonable(limit=display_rows) if self.table else {"columns": [], "rows": []}
        row_count = len(self.table.rows) if self.table else 0
        return {
            "status": self.status,
            "columns": data["columns"],
            "rows": data["rows"],
            "row_count": row_count,
            "truncated": self.truncated or (display_rows is not None and row_count > display_rows),
            "error": self.error,
            "elapsed_ms": round(self.elapsed_ms, 3),
        }


@dataclass(frozen=True)
class Result:
    """A final verdict with what the learner needs to act on it, and what it was graded against."""

    verdict: Verdict
    message: str
    diff: dict[str, Any] | None = None
    elapsed_ms: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)
    # The learner's run on the visible data: the only time a learner is shown (a time on a hidden
    # variant could be made to signal its values; elapsed_ms and timings are for the team).
    visible_ms: float | None = None

    def to_jsonable(self) -> dict[str, Any]:
        """The `python -m grader grade` contract: verdict, message, diff, elapsed_ms (and provenance)."""
        return {
            "verdict": self.verdict.value,
            "message": self.message,
            "diff": self.diff,
            "elapsed_ms": round(self.elapsed_ms, 3),
            "visible_ms": None if self.visible_ms is None else round(self.visible_ms, 3),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "provenance": self.provenance,
        }
