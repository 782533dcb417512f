"""Grading: run the learner's code and the reference on every variant and compare.

The visible variant goes first so a wrong answer gets a full diff; hidden variants only ever get a
redacted one, so their values never reach the learner. An error on a hidden variant is told by its
class alone (grader.error_class), and the only time a learner is shown is that of the visible run.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from grader.compare import compare
from grader.error_class import known
from grader.expected_cache import ExpectedCache, cache_key
from grader.job import DatasetVariant, Job, KnownMistake, Result, RunResult
from grader.limits import Limits
from grader.runners import Runner, default_runners
from grader.series import series_chart
from grader.sql_runner import DatasetUnavailable
from grader.table import ResultTable
from grader.verdicts import Verdict
from grader.version import GRADER_VERSION

log = logging.getLogger(__name__)


class ReferenceFailed(RuntimeError):
    """The problem's own reference did not produce a table: the problem is broken, not the learner."""


class Grader:
    """Holds the warm runners (one per language) and the expected-result cache for one process.

    Without explicit runners it uses `grader.runners.default_runners`: the OS sandbox where it works.
    """

    def __init__(self, sql: Runner | None = None, python: Runner | None = None,
                 cache: ExpectedCache | None = None, roots: tuple[Path, ...] = ()) -> None:
        defaults = default_runners(roots) if sql is None or python is None else {}
        self.runners: dict[str, Runner] = {"sql": sql or defaults["sql"], "python": python or defaults["python"]}
        self.cache = cache or ExpectedCache()

    @property
    def sql(self) -> Runner:
        return self.runners["sql"]

    def run(self, code: str, language: str, database: Path, limits: Limits | None = None) -> RunResult:
        """Run code once (the learner's Run button, or a reference)."""
        runner = self.runners.get(language)
        if runner is None:
            return RunResult(status=Verdict.REJECTED.value, error=f"Unknown language {language!r}.")
        return runner.run(code, database, limits)

    def close(self) -> None:
        """Stop sandboxes and close warm connections (before a fork, or at shutdown)."""
        for runner in self.runners.values():
            for method in ("stop", "close"):
                if hasattr(runner, method):
                    getattr(runner, method)()

    def grade(self, job: Job) -> Result:
        """Grade `job`; always returns a Result, never raises for the learner's code or our data."""
        started = time.perf_counter()
        timings: dict[str, float] = {}
        visible_ms: list[float] = []
        provenance = {
            "grader_version": GRADER_VERSION,
            "problem_version": job.problem_version,
            "datasets": {str(v.variant): v.dataset_hash for v in job.variants},
        }

        def finish(verdict: Verdict, message: str, diff: dict | None = None) -> Result:
            return Result(
                verdict=verdict,
                message=message,
                diff=diff,
                elapsed_ms=(time.perf_counter() - started) * 1000,
                timings=timings,
                provenance=provenance,
                visible_ms=visible_ms[0] if visible_ms else None,
            )

        if not job.code.strip():
            return finish(Verdict.REJECTED, "The submission is empty.")
        for variant in job.variants:
            try:
                expected = self._expected(job, variant, timings)
                actual = self.run(job.code, job.language, variant.path, job.limits)
            except (DatasetUnavailable, ReferenceFailed) as exc:
                log.error("internal error grading on variant %s: %s", variant.variant, exc)
                return finish(Verdict.INTERNAL_ERROR, "The grader could not prepare this problem's data; "
                              "this does not count against you. The team has been told.")
            timings[f"run_v{variant.variant}_ms"] = actual.elapsed_ms
            if variant.visible:
                visible_ms.append(actual.elapsed_ms)
            if not actual.ok:
                return finish(Verdict(actual.status), _error_message(actual, variant))
            if actual.truncated:
                return finish(Verdict.WRONG_ANSWER, f"Your result has more than {job.limits.max_rows:,} rows; "
                              "the answer has far fewer. Check your joins and filters.",
                              {"kind": "row_count", "message": "too many rows", "truncated": True})
            comparison = compare(expected, actual.table, job.options, reveal=variant.visible)
            if not comparison.equal:
                diff = dict(comparison.diff or {})
                if variant.visible:
                    diff.update(self._visible_feedback(job, variant, expected, actual.table, timings))
                return finish(Verdict.WRONG_ANSWER, comparison.message, diff)
        hidden = len(job.variants) - 1
        return finish(Verdict.ACCEPTED, f"Correct on the visible data and on {hidden} hidden variant"
                      f"{'s' if hidden != 1 else ''}.")

    def _expected(self, job: Job, variant: DatasetVariant, timings: dict[str, float]) -> ResultTable:
        t0 = time.perf_counter()
        table = self._cached_result(job, job.reference, job.reference_language, variant, "")
        timings[f"expected_v{variant.variant}_ms"] = (time.perf_counter() - t0) * 1000
        return table

    def _cached_result(self, job: Job, code: str, language: str, variant: DatasetVariant, tag: str) -> ResultTable:
        """The result of a problem's own code (its reference, or a known mistake named by `tag`), cached."""
        key = cache_key(job.problem_version + tag, variant.dataset_hash, variant.variant, language)

        def compute() -> ResultTable:
            result = self.run(code, language, variant.path, job.limits)
            if not result.ok or result.table is None or result.truncated:
                what = f"known mistake {tag[1:]!r}" if tag else "reference"
                raise ReferenceFailed(f"{what} gave {result.status} on variant {variant.variant}: {result.error}")
            return result.table

        return self.cache.get_or_compute(key, compute)

    def _visible_feedback(self, job: Job, variant: DatasetVariant, expected: ResultTable, actual: ResultTable,
                          timings: dict[str, float]) -> dict:
        """What a wrong answer on the visible data adds to the diff: a known mistake it matches, and a
        chart of expected vs actual when the answer is a series over dates (visible values only)."""
        extra: dict = {}
        t0 = time.perf_counter()
        mistake = self._matching_mistake(job, variant, actual)
        timings["mistakes_ms"] = (time.perf_counter() - t0) * 1000
        if mistake is not None:
            extra["known_mistake"] = {"name": mistake.name, "message": mistake.message}
        chart = series_chart(expected, actual, job.options)
        if chart is not None:
            extra["series"] = chart
        return extra

    def _matching_mistake(self, job: Job, variant: DatasetVariant, actual: ResultTable) -> KnownMistake | None:
        for mistake in job.mistakes:
            try:
                table = self._cached_result(job, mistake.code, mistake.language, variant, ":" + mistake.name)
            except ReferenceFailed as exc:
                # A broken known mistake costs the learner a hint, never the verdict.
                log.warning("%s", exc)
                continue
            if compare(table, actual, job.options, reveal=True).equal:
                return mistake
        return None


# What a failure on a hidden variant is called when the runner reports no class (its own message).
_HIDDEN_FAILURE = {
    Verdict.TIME_LIMIT.value: "it ran out of time",
    Verdict.MEMORY_LIMIT.value: "it ran out of memory",
    Verdict.REJECTED.value: "it was refused",
}
HIDDEN_ERROR_HINT = ("Details are not shown for hidden data: look for an assumption that holds only on the visible "
                     "data (a hard-coded count, date, name or value).")


def _error_message(result: RunResult, variant: DatasetVariant) -> str:
    """The whole error on the visible data; on a hidden variant its class alone. Its message, traceback,
    warnings and output can all be built from the hidden data, so none of it is repeated."""
    if variant.visible:
        return result.error or result.status
    what = result.error_class if known(result.error_class) else _HIDDEN_FAILURE.get(result.status, "an error")
    return f"Your code failed on a hidden variant of the data (it ran on the visible one): {what}. {HIDDEN_ERROR_HINT}"


_default: Grader | None = None


def default_grader() -> Grader:
    """The process-wide grader (warm connections live as long as the process)."""
    global _default
    if _default is None:
        _default = Grader()
    return _default


def grade(job: Job) -> Result:
    """Grade `job` with the process-wide grader."""
    return default_grader().grade(job)


def run(code: str, language: str, database: Path, limits: Limits | None = None) -> RunResult:
    """Run code once with the process-wide grader."""
    return default_grader().run(code, language, database, limits)
