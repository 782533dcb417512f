"""An error raised only on a hidden variant tells the learner its class and nothing the data put in it.

Each attack here is a correct answer plus a guard that fails only when the data is not the visible
data, putting hidden values into the failure: DuckDB's error(), a failed cast or an overflow of a
data-derived value, a Python exception, warning, print or assertion carrying them, an exception class
named after them, or a timing that depends on them. The hidden values searched for are computed from
the hidden variant's own file; on the visible data the same failures keep their full message.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from grader import CompareOptions, DatasetVariant, ExpectedCache, Grader, Job, Verdict
from grader.job import RunResult
from grader.python_runner import load_tables, run_python
from grader.sandbox import SandboxProcess, available
from grader.sql_runner import SqlRunner
from tests.grader.duckdb_factory import VISIBLE, make_db
from tests.hidden_guard import shown, shown_as

REFERENCE = "SELECT ticker, max(close) AS peak FROM px GROUP BY ticker"
PY_ANSWER = "result = px.groupby('ticker', as_index=False)['close'].max().rename(columns={'close': 'peak'})\n"
HIDDEN_PREFIX = "Your code failed on a hidden variant of the data (it ran on the visible one): "
# Many rows with distinctive values: a hidden count or maximum cannot turn up in a message by chance.
HIDDEN = [(f"ZH{i:04d}", "2037-06-15", 4000 + i * 7.25) for i in range(1237)]


# Read from each file before any runner opens it: DuckDB allows one configuration per open file.
FACTS: dict[Path, dict[str, object]] = {}
TABLES: dict[Path, dict] = {}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("hidden-errors")
    paths = make_db(folder / "v0.duckdb", VISIBLE), make_db(folder / "v1.duckdb", HIDDEN)
    for path in paths:
        FACTS[path], TABLES[path] = facts(path), load_tables(path)
    return paths


@pytest.fixture(scope="module")
def variants(files):
    return DatasetVariant(0, files[0], "h0"), DatasetVariant(1, files[1], "h1")


def facts(path: Path) -> dict[str, object]:
    """What a guard can find out about a variant: its row count, greatest close and last ticker."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows, peak, last = con.execute("SELECT count(*), max(close), max(ticker) FROM px").fetchall()[0]
    finally:
        con.close()
    return {"rows": rows, "peak": peak, "last": last}


@pytest.fixture(scope="module")
def visible(files):
    return FACTS[files[0]]


@pytest.fixture(scope="module")
def secrets(files, visible) -> set[str]:
    """Every printed form of the hidden variant's facts that the visible data does not show."""
    hidden = {form for value in FACTS[files[1]].values() for form in shown_as(value)}
    return hidden - {form for value in visible.values() for form in shown_as(value)}


class UnrestrictedPython:
    """Layer 1 off: the rule must hold for whatever Python can do, not only for what layer 1 allows."""

    def run(self, code, database, limits=None):
        return run_python(code, TABLES[Path(database)], restricted=False)


@pytest.fixture(scope="module")
def sandbox(files):
    if not available():
        pytest.skip("the OS sandbox needs bubblewrap and python3-seccomp")
    proc = SandboxProcess("python", (files[0].parent,))
    yield proc
    proc.stop()


def grader_with(python) -> Grader:
    return Grader(sql=SqlRunner(), python=python, cache=ExpectedCache())


@pytest.fixture(scope="module")
def sql_grader():
    g = grader_with(UnrestrictedPython())
    yield g
    g.close()


def job(code: str, variants, language="sql") -> Job:
    return Job(code=code, language=language, reference=REFERENCE, reference_language="sql", variants=variants,
               options=CompareOptions(), problem_version="hidden-errors")


def seen(result) -> str:
    """Everything of a verdict the learner is shown: its message and diff, and the time it reports."""
    return json.dumps({"message": result.message, "diff": result.diff, "visible_ms": result.visible_ms})


def assert_class_only(result, verdict: Verdict, error_class: str, secrets: set[str]) -> None:
    leaked = shown(secrets, seen(result))
    assert not leaked, f"hidden values shown: {sorted(leaked)} in {result.message!r}"
    assert result.verdict == verdict
    assert result.message.startswith(HIDDEN_PREFIX)
    assert result.message.removeprefix(HIDDEN_PREFIX).split(".")[0] == error_class
    assert result.diff is None


# --- SQL ----------------------------------------------------------------------------------------------

def sql_guarded(fail: str, visible: dict) -> str:
    """The reference's answer, but on any data other than the visible data `fail` is evaluated."""
    return (f"SELECT ticker, max(close) AS peak FROM px WHERE (CASE WHEN (SELECT count(*) FROM px) = {visible['rows']} "
            f"THEN true ELSE ({fail}) END) GROUP BY ticker")


SQL_ATTACKS = {
    "error() with the data": ("Invalid Input Error", "error((SELECT 'rows=' || count(*) || ' max=' || max(close) "
                                                     "|| ' last=' || max(ticker) FROM px))"),
    "a failed cast of a data-derived string": (
        "Conversion Error", "(SELECT 'x' || count(*) || ' ' || max(close) || ' ' || max(ticker) FROM px)::INTEGER > 0"),
    "a count cast out of range": ("Conversion Error", "(SELECT count(*) FROM px)::TINYINT > 0"),
    "an overflow of a data value": (
        "Out of Range Error", "(SELECT max(close)::BIGINT * (9223372036854775807 * least(count(*) - {rows}, 1)) "
                              "FROM px) > 0"),
    "a date cast of the data": ("Conversion Error", "(SELECT max(ticker) || '-' || count(*) FROM px)::DATE IS NULL"),
}


@pytest.mark.parametrize("attack", SQL_ATTACKS)
def test_a_sql_error_on_a_hidden_variant_shows_its_class_and_no_data(attack, sql_grader, variants, visible,
                                                                       secrets):
    error_class, fail = SQL_ATTACKS[attack]
    result = sql_grader.grade(job(sql_guarded(fail.replace("{rows}", str(visible["rows"])), visible), variants))
    assert_class_only(result, Verdict.ERROR, error_class, secrets)


def test_a_sql_error_on_the_visible_data_keeps_its_whole_message(sql_grader, variants, visible):
    code = "SELECT ticker, max(close) AS peak FROM px WHERE error((SELECT 'rows=' || count(*) FROM px)) GROUP BY 1"
    result = sql_grader.grade(job(code, variants))
    assert result.verdict == Verdict.ERROR
    assert result.message.startswith(f"Invalid Input Error: rows={visible['rows']}")


def test_a_sql_runner_names_the_class_of_its_error(files):
    runner = SqlRunner()
    try:
        result = runner.run("SELECT 'x'::INTEGER", files[0])
    finally:
        runner.close()
    assert (result.status, result.error_class) == (Verdict.ERROR, "Conversion Error")


# --- Python ---------------------------------------------------------------------------------------------

def py_guarded(fail: str, visible: dict, preamble: str = "") -> str:
    """The right answer in Python, but on any data other than the visible data `fail` runs first."""
    data = "'rows=' + str(len(px)) + ' max=' + str(px['close'].max()) + ' last=' + str(px['ticker'].max())"
    body = "\n".join("    " + line for line in fail.format(data=data).splitlines())
    return f"{preamble}if len(px) != {visible['rows']}:\n{body}\n{PY_ANSWER}"


PY_ATTACKS = {
    "raise with the data": ("ValueError", "raise ValueError({data})"),
    "an assertion with the data": ("AssertionError", "assert False, {data}"),
    "print the data, then raise": ("ZeroDivisionError", "print({data})\nx = 1 / 0"),
    "a KeyError naming the data": ("KeyError", "px[{data}]"),
}


def named_after(hidden: dict) -> str:
    """An exception class whose name spells the hidden facts (a guard can pick one of many by the data)."""
    name = f"rows_{hidden['rows']}_max_{str(hidden['peak']).replace('.', '_')}_last_{hidden['last']}"
    return f"class {name}(Exception):\n    pass\n", f"raise {name}()"


@pytest.fixture(scope="module", params=["layer 1 off", "sandboxed"])
def python_grader(request):
    python = UnrestrictedPython() if request.param == "layer 1 off" else request.getfixturevalue("sandbox")
    g = grader_with(python)
    yield g
    g.runners["sql"].close()


@pytest.mark.parametrize("attack", PY_ATTACKS)
def test_a_python_error_on_a_hidden_variant_shows_its_class_and_no_data(attack, python_grader, variants, visible,
                                                                         secrets):
    error_class, fail = PY_ATTACKS[attack]
    result = python_grader.grade(job(py_guarded(fail, visible), variants, "python"))
    assert_class_only(result, Verdict.ERROR, error_class, secrets)


def test_an_exception_class_named_after_the_data_shows_as_the_real_class_it_extends(python_grader, files, variants,
                                                                                     visible, secrets):
    preamble, fail = named_after(FACTS[files[1]])
    result = python_grader.grade(job(py_guarded(fail, visible, preamble), variants, "python"))
    assert_class_only(result, Verdict.ERROR, "Exception", secrets)


def test_an_exception_class_named_like_a_builtin_is_not_taken_for_it(python_grader, variants, visible, secrets):
    preamble = "class ZeroDivisionError(LookupError):\n    pass\n"
    result = python_grader.grade(job(py_guarded("raise ZeroDivisionError({data})", visible, preamble), variants,
                                     "python"))
    assert_class_only(result, Verdict.ERROR, "LookupError", secrets)


def test_a_warning_with_the_data_shows_only_its_class(variants, visible, secrets):
    # Layer 1 refuses `import warnings`; without it a warning turned into an error must still say nothing.
    g = grader_with(UnrestrictedPython())
    try:
        fail = "import warnings\nwarnings.simplefilter('error')\nwarnings.warn({data})"
        result = g.grade(job(py_guarded(fail, visible), variants, "python"))
    finally:
        g.close()
    assert_class_only(result, Verdict.ERROR, "UserWarning", secrets)


def test_a_python_error_on_the_visible_data_keeps_its_traceback_and_message(python_grader, variants, visible):
    code = "x = 1\nraise ValueError('rows=' + str(len(px)))\n" + PY_ANSWER
    result = python_grader.grade(job(code, variants, "python"))
    assert result.verdict == Verdict.ERROR
    assert "line 2" in result.message
    assert f"ValueError: rows={visible['rows']}" in result.message


def test_column_names_made_from_hidden_data_are_not_shown(python_grader, variants, visible, secrets):
    code = py_guarded("result = pd.DataFrame({{{data}: [1.0], 'peak': [1.0]}})", visible)
    code = code.replace(PY_ANSWER, f"if len(px) == {visible['rows']}:\n    {PY_ANSWER}")
    result = python_grader.grade(job(code, variants, "python"))
    assert result.verdict == Verdict.WRONG_ANSWER
    assert "hidden variant" in result.message
    assert not shown(secrets, seen(result))


# --- What crosses from the runner to the verdict --------------------------------------------------------

def test_a_class_that_is_not_a_known_error_class_is_never_shown(variants, visible, secrets, files):
    """A runner's reply is checked: a class name that could carry data (a forged reply) is not repeated."""
    forged = "rows_" + str(FACTS[files[1]]["rows"])

    class Forging:
        def run(self, code, database, limits=None):
            if Path(database) == files[0]:
                return sql_runner.run(REFERENCE, database, limits)
            return RunResult(Verdict.ERROR.value, error="whatever " + forged, error_class=forged)

    sql_runner = SqlRunner()
    g = Grader(sql=sql_runner, python=Forging(), cache=ExpectedCache())
    try:
        result = g.grade(job("result = 1", variants, "python"))
    finally:
        g.close()
    assert result.verdict == Verdict.ERROR
    assert forged not in seen(result)
    assert result.message.startswith(HIDDEN_PREFIX)


def test_the_sandbox_carries_the_error_class_across(sandbox, files):
    result = sandbox.run("x = {}['k']", files[0])
    assert (result.status, result.error_class) == (Verdict.ERROR, "KeyError")


# --- Timings ------------------------------------------------------------------------------------------

def test_the_time_shown_is_the_visible_runs_not_the_hidden_ones(variants, visible):
    """A guard that is slow only on hidden data would otherwise signal through the time reported."""
    g = grader_with(UnrestrictedPython())
    try:
        result = g.grade(job(py_guarded("sum(range(3000000))", visible), variants, "python"))
    finally:
        g.close()
    assert result.verdict == Verdict.ACCEPTED
    assert result.visible_ms == result.timings["run_v0_ms"]
    assert result.visible_ms < result.timings["run_v1_ms"]
