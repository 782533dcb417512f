"""Hidden-variant values never reach a response, anywhere in the suite.

Every response Django serves while the tests run (the test client's and the live server's alike) is
searched for the values that only the hidden variants' expected results hold. The guard is armed when
the session's lite data is built (`tests/conftest.py::lite_data`); the secrets are computed on the first
response after that, once per session, by running every problem's reference on every variant.

A secret is a way a hidden-variant cell is printed (`shown_as`) that no visible-variant expected result of
any problem shows (those are public once solved) and that is distinctive: a number printed with at least
SECRET_DIGITS digits, or text of at least MIN_LENGTH characters. Dates and timestamps are never secrets:
every variant shares the calendar, and the visible data's pages print it. (Shorter numbers such as
"12.02" turn up on any page that charts the visible data; the per-problem test in
tests/reliability/test_hidden_values.py searches a learner's own pages for those too.)
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MIN_LENGTH = 5  # shorter strings ("2037", "0.5") occur on any page by chance
SECRET_DIGITS = 6
CELLS_PER_VARIANT = 400  # sampled evenly from each hidden result
_TOKEN = re.compile(r"-?[\w.:+-]*\w")
_GROUPED = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?")  # 36,371,863,566.61
_CALENDAR = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?")


def shown_as(value: object) -> set[str]:
    """The ways a cell can appear on a page: as stored in the diff (JSON), and rounded as people print it."""
    from grader.table import jsonable_value

    value = jsonable_value(value)
    if value is None or isinstance(value, bool):
        return set()
    forms = {str(value)}
    if isinstance(value, float) and math.isfinite(value):
        forms |= {repr(value), f"{value:.6g}", f"{value:.4f}", f"{value:,.2f}"}
        if value.is_integer():
            forms.add(str(int(value)))
    return forms


class Finder:
    """Finds which of a fixed set of values a text shows as whole tokens, not as a piece of a longer
    number, hash or word. Built once per set: the guard searches every response of the suite."""

    def __init__(self, values: set[str]) -> None:
        self.tokens = {v for v in values if _TOKEN.fullmatch(v) or _GROUPED.fullmatch(v)}
        self.others = sorted(values - self.tokens)  # with spaces: "2037-06-22 14:22:52", "Zeta Fund, Inc."

    def __call__(self, text: str) -> set[str]:
        found = self.tokens & (set(_TOKEN.findall(text)) | set(_GROUPED.findall(text)))
        for value in self.others:
            if value in text and re.search(rf"(?<![\w.]){re.escape(value)}(?![\w])", text):
                found.add(value)
        return found


def shown(values: set[str], text: str) -> set[str]:
    """The `values` that occur in `text` as whole tokens."""
    return Finder(values)(text)


def sample(rows: list, limit: int) -> list:
    step = max(1, len(rows) // limit)
    return rows[::step][:limit]


def reference_results(root: Path) -> dict[int, dict[int, list[list]]]:
    """Every problem's reference result rows on every lite variant: {problem id: {variant: rows}}, cells
    as JSON values. Computed in a child process: DuckDB allows one configuration per open file in a
    process, and the tests hold their own connections to these files."""
    proc = subprocess.run([sys.executable, "-m", "tests.hidden_guard", str(root)], capture_output=True, text=True,
                          cwd=REPO, env={**os.environ, "PYTHONPATH": f"{REPO / 'platform'}:{REPO}"}, check=False)
    if proc.returncode:
        raise RuntimeError(f"computing the hidden-variant results failed:\n{proc.stderr[-3000:]}")
    return {int(pid): {int(v): rows for v, rows in by_variant.items()}
            for pid, by_variant in json.loads(proc.stdout).items()}


def _print_reference_results(root: Path) -> None:
    """The child's side: our own references, so they run without the OS sandbox."""
    import datasets
    from grader.runners import InProcessPython
    from grader.sql_runner import SqlRunner
    from grader.table import jsonable_value
    from problems import load_all

    specs = load_all()
    results: dict[int, dict[int, list]] = {}
    for language, runner in (("sql", SqlRunner()), ("python", InProcessPython())):
        for spec in specs:
            if language != ("sql" if "sql" in spec.solutions else "python"):
                continue
            for variant in datasets.VARIANTS:
                run = runner.run(spec.solutions[language], datasets.dataset_file(root, "lite", spec.dataset, variant))
                if not run.ok:
                    raise SystemExit(f"problem {spec.id} reference on variant {variant}: {run.error}")
                results.setdefault(spec.id, {})[variant] = [[jsonable_value(c) for c in row] for row in run.table.rows]
        if hasattr(runner, "close"):
            runner.close()  # one DuckDB configuration per file at a time
    json.dump(results, sys.stdout)


def hidden_only(results: dict[int, dict[int, list[list]]]) -> set[str]:
    """The printed forms of hidden-variant cells that no visible result shows."""
    visible = {form for by_variant in results.values() for row in by_variant[0] for cell in row
               for form in shown_as(cell)}
    hidden = {form for by_variant in results.values() for variant, rows in by_variant.items() if variant != 0
              for row in sample(rows, CELLS_PER_VARIANT) for cell in row for form in shown_as(cell)}
    return {form for form in hidden - visible if distinctive(form)}


def distinctive(form: str) -> bool:
    """Specific enough that finding it on a page means it came from the hidden result, not by chance."""
    if _CALENDAR.fullmatch(form):
        return False
    digits = sum(c.isdigit() for c in form)
    return digits >= SECRET_DIGITS if digits else len(form) >= MIN_LENGTH


@dataclass
class Leak:
    path: str
    values: list[str]


@dataclass
class Guard:
    """Collects leaks from every response; a test fails if one was found while it ran."""

    root: Path | None = None
    leaks: list[Leak] = field(default_factory=list)
    results: dict[int, dict[int, list[list]]] = field(default_factory=dict)
    _secrets: set[str] | None = None
    _finder: Finder | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)  # the live server answers on its own threads

    def arm(self, root: Path) -> None:
        self.root = root

    def secrets(self) -> set[str]:
        with self._lock:
            if self._secrets is None and self.root is not None:
                self.results = reference_results(self.root)
                self._secrets = hidden_only(self.results)
                self._finder = Finder(self._secrets)
            return self._secrets or set()

    def check(self, path: str, response) -> None:
        if self.root is None or getattr(response, "streaming", False):
            return
        found = self.secrets() and self._finder(response.content.decode("utf-8", "ignore"))
        if found:
            self.leaks.append(Leak(path, sorted(found)[:10]))

    def take(self) -> list[Leak]:
        """The leaks found so far, forgotten (a test that provokes one on purpose takes it)."""
        taken, self.leaks = self.leaks, []
        return taken


GUARD = Guard()


@contextmanager
def installed(guard: Guard = GUARD) -> Iterator[Guard]:
    """Search every response Django's handlers return (BaseHandler serves both the test client and
    the live server) while the block runs."""
    from django.core.handlers.base import BaseHandler

    original = BaseHandler.get_response

    def get_response(handler, request):
        response = original(handler, request)
        guard.check(request.get_full_path(), response)
        return response

    BaseHandler.get_response = get_response
    try:
        yield guard
    finally:
        BaseHandler.get_response = original


if __name__ == "__main__":
    _print_reference_results(Path(sys.argv[1]))
