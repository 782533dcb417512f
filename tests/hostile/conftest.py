"""Fixtures of the hostile suite: canaries planted before any sandbox starts, and one set of warm
sandboxes that grades every case and every known-good submission after it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import datasets
from grader import ExpectedCache
from grader.runners import Refusing
from grader.sandbox import SandboxProcess
from grader.sql_runner import SqlRunner
from tests.hostile.arena import REFERENCE, Arena, Canary, Tap


@pytest.fixture(scope="package")
def canary(lite_data: Path):
    planted = Canary(lite_data)
    planted.plant()  # before any sandbox starts: the grader's environment then holds the secret
    yield planted
    planted.remove()


@pytest.fixture(scope="package")
def database(lite_data: Path) -> Path:
    return datasets.dataset_file(lite_data, "lite", "D02", 0)


@pytest.fixture(scope="package")
def known_good_python(canary: Canary) -> str:
    """A right answer, as a learner would write it: comments and all. Its text is another learner's
    work, so it carries the secret too: no later run may see it."""
    notes = "\n".join(f"# step {i}: count the daily bars, one row per security and trading day" for i in range(80))
    return f"# my solution ({canary.token})\n{notes}\nresult = pd.DataFrame({{'n': [len(eq_daily)]}})\n"


@pytest.fixture(scope="package")
def sandboxes(canary: Canary, lite_data: Path):
    roots = (lite_data / "lite",)
    started = {
        "sql": SandboxProcess("sql", roots),
        "python": SandboxProcess("python", roots),
        "python-layers-2-3": SandboxProcess("python", roots, restricted=False),
    }
    yield started
    for sandbox in started.values():
        sandbox.stop()


def _arena(language: str, python: str, sandboxes, database, canary, known_good) -> Arena:
    runners = {"sql": Tap(sandboxes["sql"]), "python": Tap(sandboxes[python])}
    arena = Arena(language, runners, database, canary, known_good, ExpectedCache())
    arena.restart()  # warm: both sandboxes started, the expected result cached
    return arena


@pytest.fixture(scope="package")
def sql_arena(sandboxes, database, canary) -> Arena:
    return _arena("sql", "python", sandboxes, database, canary, known_good=REFERENCE)


@pytest.fixture(scope="package")
def python_arena(sandboxes, database, canary, known_good_python) -> Arena:
    return _arena("python", "python", sandboxes, database, canary, known_good_python)


@pytest.fixture(scope="package")
def python_arena_layers_2_3(sandboxes, database, canary, known_good_python) -> Arena:
    return _arena("python", "python-layers-2-3", sandboxes, database, canary, known_good_python)


@pytest.fixture(scope="package")
def sql_arena_without_sandbox(canary, database, tmp_path_factory) -> Arena:
    """SQL the way it runs where the OS sandbox cannot (in this process, layers 1a and 1b only), on a
    copy of the dataset folder that is watched like the real one."""
    folder = tmp_path_factory.mktemp("no-sandbox") / "D02"
    shutil.copytree(database.parent, folder)
    canary.watch(folder)
    runners = {"sql": Tap(SqlRunner()), "python": Tap(Refusing("Python does not run in this arena."))}
    arena = Arena("sql", runners, folder / database.name, canary, REFERENCE, ExpectedCache())
    arena.restart()
    return arena
