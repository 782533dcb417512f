"""Feedback on a wrong answer: a known mistake it matches, and expected vs actual as a dated series.

Both only ever use the visible variant.
"""

import datetime as dt

from grader import CompareOptions, Job, KnownMistake, ResultTable, Verdict
from grader.series import MAX_POINTS, series_chart

REFERENCE = "SELECT ticker, d, close FROM px"
OFF_BY_TEN = KnownMistake("off-by-ten", "sql", "SELECT ticker, d, close * 10 AS close FROM px",
                          "Prices are in dollars, not dimes.")
BROKEN = KnownMistake("broken", "sql", "SELECT nope FROM px", "never shown")


def job(code, variants, mistakes=(OFF_BY_TEN,)):
    return Job(code=code, language="sql", reference=REFERENCE, reference_language="sql", variants=variants,
               options=CompareOptions(), problem_version="p1", mistakes=mistakes)


def test_a_result_matching_a_known_mistake_gets_its_message(grader_, variants):
    result = grader_.grade(job("SELECT ticker, d, 10 * close AS close FROM px", variants))
    assert result.verdict == Verdict.WRONG_ANSWER
    assert result.diff["known_mistake"] == {"name": "off-by-ten", "message": "Prices are in dollars, not dimes."}


def test_another_wrong_answer_gets_no_known_mistake(grader_, variants):
    result = grader_.grade(job("SELECT ticker, d, close * 2 AS close FROM px", variants))
    assert result.verdict == Verdict.WRONG_ANSWER
    assert "known_mistake" not in result.diff


def test_a_broken_known_mistake_is_skipped_and_the_next_one_still_matches(grader_, variants):
    result = grader_.grade(job("SELECT ticker, d, close * 10 AS close FROM px", variants, (BROKEN, OFF_BY_TEN)))
    assert result.diff["known_mistake"]["name"] == "off-by-ten"


def test_a_right_answer_is_accepted_even_with_known_mistakes_defined(grader_, variants):
    assert grader_.grade(job(REFERENCE, variants)).verdict == Verdict.ACCEPTED


def test_a_wrong_dated_series_gets_expected_and_actual_points_for_the_first_key(grader_, variants):
    result = grader_.grade(job("SELECT ticker, d, close + 1 AS close FROM px", variants))
    chart = result.diff["series"]
    assert (chart["x"], chart["y"], chart["where"]) == ("d", "close", {"ticker": "ZAAA"})
    assert [v for _, v in chart["expected"]] == [10.0, 9.0]
    assert [v for _, v in chart["actual"]] == [11.0, 10.0]
    assert chart["expected"][0][0].startswith("2037-06-15")


def test_a_wrong_answer_only_on_hidden_data_carries_no_chart_and_no_mistake(grader_, variants):
    # Right on the visible data (ZBBB is visible only), wrong on the hidden variant.
    code = "SELECT ticker, d, CASE WHEN ticker = 'ZCCC' THEN 0 ELSE close END AS close FROM px"
    result = grader_.grade(job(code, variants))
    assert result.verdict == Verdict.WRONG_ANSWER
    assert "series" not in result.diff
    assert "known_mistake" not in result.diff


def test_no_chart_without_a_date_column():
    table = ResultTable(("ticker", "peak"), (("ZAAA", 1.0), ("ZBBB", 2.0)))
    assert series_chart(table, table, CompareOptions()) is None


def test_no_chart_when_the_learner_lacks_the_value_column():
    expected = ResultTable(("d", "ret"), ((dt.date(2037, 1, 1), 0.1), (dt.date(2037, 1, 2), 0.2)))
    actual = ResultTable(("d", "other"), ((dt.date(2037, 1, 1), 0.1), (dt.date(2037, 1, 2), 0.3)))
    assert series_chart(expected, actual, CompareOptions()) is None


def test_columns_are_matched_by_position_when_the_problem_says_so():
    expected = ResultTable(("d", "ret"), ((dt.date(2037, 1, 1), 0.1), (dt.date(2037, 1, 2), 0.2)))
    actual = ResultTable(("day", "r"), ((dt.date(2037, 1, 1), 0.1), (dt.date(2037, 1, 2), 0.3)))
    chart = series_chart(expected, actual, CompareOptions(match_columns="position"))
    assert [v for _, v in chart["actual"]] == [0.1, 0.3]


def test_long_series_are_thinned_keeping_both_ends():
    days = [dt.date(2036, 1, 1) + dt.timedelta(days=i) for i in range(3 * MAX_POINTS)]
    table = ResultTable(("d", "v"), tuple((d, float(i)) for i, d in enumerate(days)))
    chart = series_chart(table, table, CompareOptions())
    assert len(chart["expected"]) == MAX_POINTS
    assert chart["expected"][0][1] == 0.0
    assert chart["expected"][-1][1] == float(3 * MAX_POINTS - 1)
