"""Every problem's reference is accepted on every variant, and a typed-in visible answer is not."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest

import datasets
from grader import DatasetVariant, ExpectedCache, Grader, Job, Limits, Verdict
from grader.python_runner import load_tables, run_python
from problems import ProblemSpec, load_all

SPECS = load_all()


def variants_of(spec: ProblemSpec, root) -> tuple[DatasetVariant, ...]:
    manifest = datasets.load_manifest(root, "lite")
    return tuple(
        DatasetVariant(v, datasets.dataset_file(root, "lite", spec.dataset, v), manifest.dataset_hash(spec.dataset, v))
        for v in datasets.VARIANTS
    )


def job(spec: ProblemSpec, code: str, root, limits: Limits | None = None, language: str = "sql") -> Job:
    return Job(code=code, language=language, reference=spec.solutions[spec.reference_language],
               reference_language=spec.reference_language, variants=variants_of(spec, root),
               options=spec.grading, problem_version=spec.version, limits=limits or Limits(),
               mistakes=spec.mistakes)


def sql_literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | decimal.Decimal):
        return repr(float(value)) if isinstance(value, float) else str(value)
    if isinstance(value, dt.datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def hard_coded(columns, rows) -> str:
    """The visible answer typed in as literal rows, as a learner who copied it would."""
    names = ", ".join('"' + c.replace('"', '""') + '"' for c in columns)
    values = ",\n".join("(" + ", ".join(sql_literal(v) for v in row) + ")" for row in rows)
    return f"SELECT * FROM (VALUES {values}) AS t({names})"


@pytest.fixture(scope="module")
def grader_():
    g = Grader(cache=ExpectedCache())
    yield g
    g.close()


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.id:03d}")
def test_the_reference_is_accepted_on_every_variant(spec, lite_data, grader_):
    language = spec.reference_language
    result = grader_.grade(job(spec, spec.solutions[language], lite_data, language=language))
    assert result.verdict == Verdict.ACCEPTED, result.message


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.id:03d}")
def test_the_visible_answer_typed_in_fails_on_a_hidden_variant(spec, lite_data, grader_):
    visible = variants_of(spec, lite_data)[0]
    if spec.reference_language == "sql":
        expected = grader_.run(spec.solutions["sql"], "sql", visible.path)
    else:  # our own trusted Python reference runs in-process
        expected = run_python(spec.solutions["python"], load_tables(visible.path))
    assert expected.ok
    assert expected.table.rows, "a reference with an empty result cannot tell answers apart"
    typed_in = hard_coded(expected.table.columns, expected.table.rows)
    # The literal answer can be long: lift the code-size limit so the test is about the data, not the size.
    result = grader_.grade(job(spec, typed_in, lite_data, Limits(max_code_bytes=len(typed_in) * 2)))
    assert result.verdict == Verdict.WRONG_ANSWER
    assert "hidden variant" in result.message


MISTAKES = [pytest.param(spec, m, id=f"{spec.id:03d}-{m.name}") for spec in SPECS for m in spec.mistakes]


@pytest.mark.parametrize(("spec", "mistake"), MISTAKES)
def test_a_known_mistake_is_wrong_and_named_when_a_learner_makes_it(spec, mistake, lite_data, grader_):
    result = grader_.grade(job(spec, mistake.code, lite_data, language=mistake.language))
    assert result.verdict == Verdict.WRONG_ANSWER, "a known mistake must not be a right answer"
    assert result.diff["known_mistake"] == {"name": mistake.name, "message": mistake.message}
