"""Grading: the visible variant first with a full diff, hidden variants with a redacted one."""


from grader import CompareOptions, DatasetVariant, ExpectedCache, Grader, Job, Verdict
from grader.runners import Refusing
from grader.sql_runner import SqlRunner
from tests.grader.duckdb_factory import HIDDEN

NO_PYTHON = Refusing("not under test")
REFERENCE = "SELECT ticker, max(close) AS peak FROM px GROUP BY ticker"
LEARNER = "SELECT ticker, max(close) AS peak FROM px GROUP BY 1"  # right, but not the reference's text


def job(code, variants, **kw):
    return Job(
        code=code,
        language="sql",
        reference=REFERENCE,
        reference_language="sql",
        variants=variants,
        options=CompareOptions(),
        problem_version="p1",
        **kw,
    )


def test_the_reference_itself_is_accepted(grader_, variants):
    result = grader_.grade(job(REFERENCE, variants))
    assert result.verdict == Verdict.ACCEPTED


def test_an_equivalent_query_in_another_order_and_type_is_accepted(grader_, variants):
    code = "SELECT ticker, CAST(max(close) AS DOUBLE) AS peak FROM px GROUP BY 1 ORDER BY 1 DESC"
    assert grader_.grade(job(code, variants)).verdict == Verdict.ACCEPTED


def test_a_wrong_answer_on_visible_data_gets_a_diff_with_values(grader_, variants):
    result = grader_.grade(job("SELECT ticker, min(close) AS peak FROM px GROUP BY ticker", variants))
    assert result.verdict == Verdict.WRONG_ANSWER
    assert result.diff is not None
    assert "9" in str(result.diff)  # ZAAA's wrong value is shown: it is visible data


def test_a_hard_coded_visible_answer_fails_on_a_hidden_variant_without_revealing_it(grader_, variants):
    code = "SELECT * FROM (VALUES ('ZAAA', 10.0), ('ZBBB', 20.0)) t(ticker, peak)"
    result = grader_.grade(job(code, variants))
    assert result.verdict == Verdict.WRONG_ANSWER
    shown = f"{result.message} {result.diff}"
    for ticker, _, close in HIDDEN:
        assert ticker not in shown
        assert f"{close:g}" not in shown


def test_an_error_only_on_hidden_data_is_reported_without_its_values(grader_, variants):
    code = "SELECT ticker, CAST(ticker AS INTEGER) AS peak FROM px WHERE ticker = 'ZCCC' OR ticker = 'ZZZZ'"
    result = grader_.grade(job(code, variants))
    assert result.verdict in (Verdict.WRONG_ANSWER, Verdict.ERROR)
    assert "ZCCC" not in result.message


def test_the_reference_runs_once_per_variant_thanks_to_the_cache(grader_, variants, monkeypatch):
    calls = []
    original = grader_.run

    def counting(code, language, database, limits=None):
        if code == REFERENCE:
            calls.append(database)
        return original(code, language, database, limits)

    monkeypatch.setattr(grader_, "run", counting)
    for _ in range(3):
        assert grader_.grade(job(LEARNER, variants)).verdict == Verdict.ACCEPTED
    assert len(calls) == len(variants)


def test_a_broken_reference_is_an_internal_error_not_the_learners(grader_, variants):
    broken = Job(
        code="SELECT 1",
        language="sql",
        reference="SELECT * FROM missing_table",
        reference_language="sql",
        variants=variants,
        problem_version="broken",
    )
    assert grader_.grade(broken).verdict == Verdict.INTERNAL_ERROR


def test_a_missing_dataset_is_an_internal_error(grader_, variants, tmp_path):
    gone = (DatasetVariant(0, tmp_path / "gone.duckdb", "h"),)
    assert grader_.grade(job(REFERENCE, gone)).verdict == Verdict.INTERNAL_ERROR


def test_an_empty_submission_is_rejected(grader_, variants):
    assert grader_.grade(job("   \n", variants)).verdict == Verdict.REJECTED


def test_every_result_records_what_it_was_graded_against(grader_, variants):
    result = grader_.grade(job(REFERENCE, variants))
    assert result.provenance["problem_version"] == "p1"
    assert result.provenance["datasets"] == {"0": "hash-v0", "1": "hash-v1"}
    assert result.provenance["grader_version"]


def test_the_expected_cache_survives_a_new_process_through_its_directory(variants, tmp_path):
    Grader(sql=SqlRunner(), python=NO_PYTHON, cache=ExpectedCache(tmp_path / "cache")).grade(job(LEARNER, variants))
    second = Grader(sql=SqlRunner(), python=NO_PYTHON, cache=ExpectedCache(tmp_path / "cache"))
    reference_runs = []
    original = second.sql.run

    def counting(code, database, limits=None):
        if code == REFERENCE:
            reference_runs.append(database)
        return original(code, database, limits)

    second.runners["sql"].run = counting
    assert second.grade(job(LEARNER, variants)).verdict == Verdict.ACCEPTED
    assert reference_runs == []
