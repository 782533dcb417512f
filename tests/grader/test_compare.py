"""compare(): a right answer is never refused for its types, and a wrong one says what to fix."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import random
import time

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from grader.compare import CompareOptions, compare
from grader.table import ResultTable

UNORDERED = CompareOptions()
ORDERED = CompareOptions(order_matters=True)


def table(columns: str, *rows: tuple) -> ResultTable:
    """``table("sym px", ("A", 1.0), ...)``: a ResultTable from space-separated names."""
    return ResultTable(tuple(columns.split()), rows)


def col(name: str, *values: object) -> ResultTable:
    return ResultTable((name,), tuple((v,) for v in values))


def assert_equal(expected: ResultTable, actual: ResultTable, options: CompareOptions = UNORDERED) -> None:
    result = compare(expected, actual, options)
    assert result.equal, result.message
    assert result.diff is None


def assert_unequal(
    expected: ResultTable, actual: ResultTable, options: CompareOptions = UNORDERED, *, reveal: bool = True
) -> dict:
    result = compare(expected, actual, options, reveal=reveal)
    assert not result.equal
    assert result.diff is not None
    assert result.diff["message"] == result.message
    json.dumps(result.diff, allow_nan=False)
    return result.diff


# --- options ---------------------------------------------------------------------------------------------


def test_default_options_ignore_order_and_match_columns_by_name():
    assert CompareOptions() == CompareOptions(
        order_matters=False, match_columns="name", abs_tol=1e-9, rel_tol=1e-6, null_equals_null=True
    )


def test_options_from_mapping_read_every_key():
    options = CompareOptions.from_mapping(
        {
            "order_matters": True,
            "match_columns": "position",
            "abs_tol": 0.01,
            "rel_tol": 0,
            "null_equals_null": False,
        }
    )
    assert options == CompareOptions(True, "position", 0.01, 0.0, False)


def test_options_from_an_empty_mapping_or_none_are_the_defaults():
    assert CompareOptions.from_mapping({}) == CompareOptions.from_mapping(None) == CompareOptions()


def test_options_from_mapping_reject_an_unknown_key_naming_it():
    with pytest.raises(ValueError, match="unknown compare option 'order'"):
        CompareOptions.from_mapping({"order": True})


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("order_matters", "yes"),
        ("order_matters", 1),
        ("match_columns", "index"),
        ("abs_tol", -1.0),
        ("abs_tol", float("nan")),
        ("abs_tol", True),
        ("rel_tol", "0.1"),
        ("null_equals_null", None),
    ],
)
def test_options_from_mapping_reject_a_bad_value_naming_the_key(key, value):
    with pytest.raises(ValueError, match=f"compare option '{key}'"):
        CompareOptions.from_mapping({key: value})


# --- numbers ---------------------------------------------------------------------------------------------


def test_identical_tables_are_equal():
    assert_equal(table("sym px", ("A", 1.5), ("B", 2.5)), table("sym px", ("A", 1.5), ("B", 2.5)))


def test_an_int_equals_a_float_of_the_same_value():
    assert_equal(col("n", 3), col("n", 3.0))


def test_decimal_equals_float_within_tolerance():
    assert_equal(col("px", decimal.Decimal("101.2500")), col("px", 101.25 + 1e-12))


def test_numpy_numbers_equal_python_numbers():
    assert_equal(table("a b", (np.int32(4), np.float32(0.5))), table("a b", (4, 0.5)))


def test_float_noise_within_relative_tolerance_is_equal():
    assert_equal(col("ret", 0.1 + 0.2), col("ret", 0.3))
    assert_equal(col("notional", 1e9), col("notional", 1e9 + 500))


def test_a_difference_beyond_tolerance_is_unequal():
    diff = assert_unequal(col("px", 100.0), col("px", 100.01))
    assert diff["columns"] == ["px"]


def test_absolute_tolerance_decides_near_zero():
    assert_equal(col("ret", 0.0), col("ret", 5e-10))
    assert_unequal(col("ret", 0.0), col("ret", 5e-9))


def test_zero_tolerances_require_exact_numbers():
    exact = CompareOptions(abs_tol=0, rel_tol=0)
    assert_equal(col("x", 0.5), col("x", decimal.Decimal("0.5")), exact)
    assert_unequal(col("x", 0.3), col("x", 0.1 + 0.2), exact)


def test_tolerances_come_from_the_options():
    loose = CompareOptions(abs_tol=0.01)
    assert_equal(col("px", 1.234), col("px", 1.24), loose)


def test_infinity_equals_only_infinity_of_the_same_sign():
    assert_equal(col("x", float("inf")), col("x", np.inf))
    assert_unequal(col("x", float("inf")), col("x", float("-inf")))
    assert_unequal(col("x", float("inf")), col("x", 1e308))


def test_a_bool_is_not_a_number():
    diff = assert_unequal(col("up", True), col("up", 1))
    assert diff["kind"] == "types"
    assert diff["message"] == "Column up: expected true/false values, got numbers."


def test_numpy_bools_equal_python_bools():
    assert_equal(col("up", True, False), col("up", np.True_, np.False_))


# --- text ------------------------------------------------------------------------------------------------


def test_a_numeric_string_does_not_equal_a_number():
    diff = assert_unequal(col("ret", 0.5), col("ret", "0.5"))
    assert diff["kind"] == "types"
    assert diff["message"] == "Column ret: expected numbers, got text."
    assert diff["types"] == [{"column": "ret", "expected": "numbers", "actual": "text"}]


def test_text_is_compared_exactly():
    assert_unequal(col("sym", "AAPL"), col("sym", "aapl"))
    assert_unequal(col("sym", "AAPL"), col("sym", "AAPL "))


def test_pandas_string_dtype_equals_python_strings():
    df = pd.DataFrame({"sym": pd.array(["A", "B", None], dtype="str")})
    assert_equal(col("sym", "A", "B", None), ResultTable.from_dataframe(df))


# --- dates and times -------------------------------------------------------------------------------------


def test_a_date_equals_a_midnight_timestamp():
    assert_equal(col("d", dt.date(2024, 3, 1)), col("d", pd.Timestamp("2024-03-01")))
    assert_equal(col("d", dt.date(2024, 3, 1)), col("d", dt.datetime(2024, 3, 1)))


def test_a_date_does_not_equal_a_later_time_that_day():
    assert_unequal(col("d", dt.date(2024, 3, 1)), col("d", dt.datetime(2024, 3, 1, 9, 30)))


def test_datetime_equals_pandas_timestamp_and_numpy_datetime64():
    moment = dt.datetime(2024, 3, 1, 9, 30, 15, 250)
    assert_equal(col("ts", moment, moment), col("ts", pd.Timestamp(moment), np.datetime64(moment, "us")))


def test_a_duckdb_timestamp_column_equals_the_same_column_read_into_pandas():
    # the datasets' TIMESTAMP columns: SQL answers give datetime cells, Python answers datetime64[us] ones
    con = duckdb.connect()
    query = ("SELECT TIMESTAMP '2037-06-16 13:30:00.123456' + i * INTERVAL 90 SECOND AS ts_utc, i "
             "FROM range(3) AS r(i) ORDER BY i")
    cur = con.execute(query)
    from_sql = ResultTable.from_rows([c[0] for c in cur.description], cur.fetchall())
    frame = con.execute(query).df()
    assert str(frame["ts_utc"].dtype) == "datetime64[us]"
    assert_equal(from_sql, ResultTable.from_dataframe(frame), ORDERED)
    shifted = frame.assign(ts_utc=frame["ts_utc"] + pd.Timedelta(microseconds=1))
    assert_unequal(from_sql, ResultTable.from_dataframe(shifted), ORDERED)


def test_tz_aware_timestamps_are_compared_in_utc():
    paris = pd.Timestamp("2024-03-01 10:30", tz="Europe/Paris")
    assert_equal(col("ts", dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.UTC)), col("ts", paris))


def test_a_naive_timestamp_is_read_as_utc():
    assert_equal(
        col("ts", dt.datetime(2024, 3, 1, 9, 30)), col("ts", pd.Timestamp("2024-03-01 09:30", tz="UTC"))
    )


def test_dates_beyond_the_pandas_range_still_compare():
    assert_equal(col("d", dt.date(9999, 12, 31)), col("d", dt.datetime(9999, 12, 31)))
    assert_unequal(col("d", dt.date(9999, 12, 31)), col("d", dt.date(9999, 12, 30)))


def test_a_timedelta_equals_the_same_pandas_timedelta():
    assert_equal(col("gap", dt.timedelta(days=1)), col("gap", pd.Timedelta(hours=24)))


def test_times_of_day_are_compared_exactly():
    assert_equal(col("t", dt.time(9, 30)), col("t", dt.time(9, 30)))
    assert_unequal(col("t", dt.time(9, 30)), col("t", dt.time(9, 31)))


def test_a_date_written_as_text_is_a_type_mismatch():
    diff = assert_unequal(col("d", dt.date(2024, 3, 1)), col("d", "2024-03-01"))
    assert diff["message"] == "Column d: expected dates/timestamps, got text."


# --- NULLs -----------------------------------------------------------------------------------------------


def test_none_nan_na_and_nat_are_all_null():
    assert_equal(col("x", None, None, None, None), col("x", float("nan"), pd.NA, pd.NaT, np.nan))


def test_null_equals_null_by_default():
    assert_equal(table("a b", (1, None)), table("a b", (1.0, None)))


def test_null_does_not_equal_null_when_the_option_is_off():
    diff = assert_unequal(col("x", None), col("x", None), CompareOptions(null_equals_null=False))
    assert diff["kind"] == "rows"


def test_null_does_not_equal_a_value():
    assert_unequal(col("x", 0.0), col("x", None))
    assert_unequal(col("s", ""), col("s", None))


def test_an_all_null_column_fits_any_type():
    diff = assert_unequal(col("s", "A"), col("s", None))
    assert diff["kind"] == "rows"


# --- lists and mixed values ------------------------------------------------------------------------------


def test_lists_are_compared_element_by_element_with_tolerance():
    assert_equal(col("xs", [1.0, 2.0]), col("xs", (1, 2.0 + 1e-12)))
    assert_unequal(col("xs", [1.0, 2.0]), col("xs", [1.0, 2.5]))
    assert_unequal(col("xs", [1.0, 2.0]), col("xs", [1.0]))


def test_mixed_columns_are_compared_value_by_value():
    assert_equal(col("v", 1, "a", None), col("v", "a", None, 1.0))
    assert_unequal(col("v", 1, "a"), col("v", "1", "a"))


# --- columns ---------------------------------------------------------------------------------------------


def test_columns_are_matched_by_name_ignoring_case_and_order():
    assert_equal(table("sym px", ("A", 1.0)), table("PX Sym", (1.0, "A")))


def test_missing_and_extra_columns_are_reported_with_the_expected_list():
    diff = assert_unequal(table("sym px vol", ("A", 1.0, 5)), table("sym price vol", ("A", 1.0, 5)))
    assert diff["kind"] == "columns"
    assert diff["missing"] == ["px"]
    assert diff["extra"] == ["price"]
    assert diff["expected_columns"] == ["sym", "px", "vol"]
    assert (
        diff["message"]
        == "Your result is missing column px and has unexpected column price. Expected columns: sym, px, vol."
    )


def test_matching_by_position_ignores_names():
    by_position = CompareOptions(match_columns="position")
    assert_equal(table("sym px", ("A", 1.0)), table("ticker close", ("A", 1.0)), by_position)


def test_matching_by_position_takes_columns_in_order():
    by_position = CompareOptions(match_columns="position")
    assert_unequal(table("a b", (1, 2)), table("a b", (2, 1)), by_position)


def test_matching_by_position_reports_a_different_column_count():
    diff = assert_unequal(table("a", (1,)), table("a b", (1, 2)), CompareOptions(match_columns="position"))
    assert diff["kind"] == "columns"
    assert diff["message"] == "Expected 1 column, got 2."


def test_repeated_column_names_pair_up_in_order():
    assert_equal(table("a a", (1, 2)), table("A a", (1, 2)))


def test_wrong_columns_are_reported_before_a_wrong_row_count():
    assert assert_unequal(table("a", (1,), (2,)), table("b", (1,)))["kind"] == "columns"


# --- rows, order ignored ---------------------------------------------------------------------------------


def test_row_order_is_ignored_by_default():
    assert_equal(table("sym px", ("A", 1.0), ("B", 2.0)), table("sym px", ("B", 2.0), ("A", 1.0)))


def test_duplicate_rows_count_as_a_multiset():
    assert_equal(col("x", 1, 1, 2), col("x", 1, 2, 1))
    assert_unequal(col("x", 1, 1, 2), col("x", 1, 2, 2))


def test_a_wrong_row_count_reports_both_counts_and_example_rows():
    diff = assert_unequal(
        table("sym px", ("A", 1.0), ("B", 2.0)), table("sym px", ("A", 1.0), ("B", 2.0), ("C", 3.0))
    )
    assert diff["kind"] == "row_count"
    assert (diff["expected_rows"], diff["actual_rows"]) == (2, 3)
    assert diff["missing"] == []
    assert diff["extra"] == [["C", 3.0]]
    assert diff["message"] == "Expected 2 rows, got 3: 1 row in your result is not expected."


def test_row_count_examples_stop_at_five():
    diff = assert_unequal(col("x", *range(20)), col("x", *range(100, 110)))
    assert len(diff["missing"]) == len(diff["extra"]) == 5
    assert (diff["missing_count"], diff["extra_count"]) == (20, 10)


def test_wrong_rows_show_missing_and_extra_examples_in_expected_column_order():
    diff = assert_unequal(
        table("sym px", ("A", 1.0), ("B", 2.0)),
        table("px sym", (1.0, "A"), (2.5, "B")),
    )
    assert diff["kind"] == "rows"
    assert diff["header"] == ["sym", "px"]
    assert diff["missing"] == [["B", 2.0]]
    assert diff["extra"] == [["B", 2.5]]


def test_the_rows_diff_names_the_column_that_differs():
    diff = assert_unequal(
        table("sym d px", ("A", dt.date(2024, 1, 2), 1.0), ("B", dt.date(2024, 1, 2), 2.0)),
        table("sym d px", ("A", dt.date(2024, 1, 2), 1.0), ("B", dt.date(2024, 1, 2), 2.1)),
    )
    assert diff["columns"] == ["px"]
    assert diff["message"].endswith("check column px.")


def test_values_swapped_between_rows_name_the_columns_involved():
    diff = assert_unequal(table("sym px", ("A", 1.0), ("B", 2.0)), table("sym px", ("A", 2.0), ("B", 1.0)))
    assert diff["kind"] == "rows"
    assert diff["columns"] == ["px"]


def test_tolerance_equal_rows_match_even_when_rounding_sorts_them_apart():
    # With abs_tol 1e-8 numbers are rounded to a 1e-7 grid, whose boundary 5e-8 lies between each
    # expected x and its tolerance-equal actual x: the rounded keys differ, the rows must still pair.
    loose = CompareOptions(abs_tol=1e-8, rel_tol=0)
    expected = table("x y", (4.95e-8, "b"), (5.05e-8, "a"))
    actual = table("x y", (5.02e-8, "b"), (4.98e-8, "a"))
    assert_equal(expected, actual, loose)


def test_rows_near_each_other_are_matched_one_to_one():
    # Every row is within tolerance of a partner, but pairing in sorted order finds neither.
    loose = CompareOptions(abs_tol=1, rel_tol=0)
    expected = table("x y", (0.0, 3.0), (0.5, 0.0))
    actual = table("x y", (0.2, 0.0), (0.6, 3.0))
    assert_equal(expected, actual, loose)


def test_a_greedy_first_pairing_is_revised_when_needed():
    # Sorted pairing takes (0,0)~(0.5,1) first, leaving (1,2) with (0.8,-0.5); the only full
    # matching swaps them, which needs an augmenting path through the first pair.
    loose = CompareOptions(abs_tol=1, rel_tol=0)
    expected = table("x y", (0.0, 0.0), (1.0, 2.0))
    actual = table("x y", (0.5, 1.0), (0.8, -0.5))
    assert_equal(expected, actual, loose)


def test_empty_tables_with_the_same_columns_are_equal():
    assert_equal(table("a b"), table("a b"))


def test_an_empty_result_reports_every_expected_row_missing():
    diff = assert_unequal(col("x", 1, 2), col("x"))
    assert diff["message"] == "Expected 2 rows, got 0: 2 expected rows are missing from your result."


# --- rows, order matters ---------------------------------------------------------------------------------


def test_ordered_comparison_is_row_by_row():
    assert_equal(col("x", 1, 2, 3), col("x", 1.0, 2.0, 3.0), ORDERED)


def test_ordered_comparison_lists_the_first_mismatched_cells():
    diff = assert_unequal(
        table("sym px", ("A", 1.0), ("B", 2.0)), table("sym px", ("A", 1.0), ("B", 2.5)), ORDERED
    )
    assert diff["kind"] == "cells"
    assert diff["cells"] == [{"row": 1, "column": "px", "expected": 2.0, "actual": 2.5}]
    assert diff["columns"] == ["px"]
    assert diff["same_rows_ignoring_order"] is False
    assert diff["message"] == "Row 2, column px: expected 2.0, got 2.5."


def test_ordered_comparison_lists_at_most_ten_cells():
    diff = assert_unequal(col("x", *range(30)), col("x", *range(100, 130)), ORDERED)
    assert len(diff["cells"]) == 10
    assert diff["mismatched_cells"] == 30


def test_right_rows_in_the_wrong_order_are_reported_as_such():
    diff = assert_unequal(col("x", 1, 2, 3), col("x", 1, 3, 2), ORDERED)
    assert diff["kind"] == "order"
    assert diff["same_rows_ignoring_order"] is True
    assert diff["message"].startswith("Your rows are right but in the wrong order")


def test_ordered_comparison_reports_a_wrong_row_count_first():
    assert assert_unequal(col("x", 1, 2), col("x", 2), ORDERED)["kind"] == "row_count"


# --- hidden variants -------------------------------------------------------------------------------------

SECRET = table(
    "sym d px",
    ("ZQXJ", dt.date(2037, 6, 15), 123.4567),
    ("ZQXK", dt.date(2037, 6, 16), 98.7654),
)


def _assert_no_values_leak(diff: dict, tables: list[ResultTable]) -> None:
    text = json.dumps(diff)
    for t in tables:
        for row in t.rows:
            for value in row:
                assert str(value) not in text
        assert str(len(t.rows)) not in text


def test_hidden_variant_diff_reveals_no_values():
    wrong = table("sym d px", ("ZQXJ", dt.date(2037, 6, 15), 123.4567), ("ZQXK", dt.date(2037, 6, 16), 55.5))
    diff = assert_unequal(SECRET, wrong, reveal=False)
    assert diff == {
        "kind": "rows",
        "message": "Your result matches on the visible data but differs on a hidden variant "
        "(values in column px). This usually means a hard-coded value or an assumption that only "
        "holds on the visible data.",
        "columns": ["px"],
    }
    _assert_no_values_leak(diff, [SECRET, wrong])


def test_hidden_variant_cells_diff_reveals_no_values():
    wrong = table("sym d px", ("ZQXJ", dt.date(2037, 6, 15), 1.5), ("ZQXK", dt.date(2037, 6, 16), 98.7654))
    diff = assert_unequal(SECRET, wrong, ORDERED, reveal=False)
    assert set(diff) == {"kind", "message", "columns"}
    assert diff["columns"] == ["px"]
    _assert_no_values_leak(diff, [SECRET, wrong])


def test_hidden_variant_row_count_diff_reveals_no_counts():
    wrong = table("sym d px", *SECRET.rows, ("ZZZZ", dt.date(2037, 6, 17), 1.25))
    diff = assert_unequal(SECRET, wrong, reveal=False)
    assert diff["kind"] == "row_count"
    assert "(number of rows)" in diff["message"]
    _assert_no_values_leak(diff, [SECRET, wrong])


def test_hidden_variant_type_diff_names_only_the_column():
    wrong = table("sym d px", ("ZQXJ", "2037-06-15", 123.4567), ("ZQXK", "2037-06-16", 98.7654))
    diff = assert_unequal(SECRET, wrong, reveal=False)
    assert diff == {"kind": "types", "message": diff["message"], "columns": ["d"]}
    assert "(type of column d)" in diff["message"]
    _assert_no_values_leak(diff, [SECRET, wrong])


def test_hidden_variant_column_diff_names_the_missing_columns_and_counts_the_unexpected_ones():
    # The learner's column names can be made from the hidden data (a pivot on its values).
    wrong = table("sym d ZQXJ_123", *SECRET.rows)
    diff = assert_unequal(SECRET, wrong, reveal=False)
    assert (diff["missing"], diff["extra_count"], diff["columns"]) == (["px"], 1, ["px"])
    assert "extra" not in diff
    assert "ZQXJ_123" not in json.dumps(diff)
    assert "(columns: missing px; 1 unexpected column)" in diff["message"]
    _assert_no_values_leak(diff, [SECRET, wrong])


def test_hidden_variant_order_diff_says_only_that_the_order_differs():
    diff = assert_unequal(SECRET, table("sym d px", *reversed(SECRET.rows)), ORDERED, reveal=False)
    assert diff["kind"] == "order"
    assert "(row order)" in diff["message"]
    _assert_no_values_leak(diff, [SECRET])


# --- the diff as data ------------------------------------------------------------------------------------


def test_an_equal_comparison_has_no_diff_and_a_short_message():
    result = compare(col("x", 1), col("x", 1))
    assert (result.equal, result.diff, result.kind) == (True, None, None)
    assert result.message == "Your result matches the expected result."


def test_diffs_with_dates_decimals_and_infinities_are_strict_json():
    expected = table(
        "d px x", (dt.datetime(2024, 1, 2, 9, 30, tzinfo=dt.UTC), decimal.Decimal("1.50"), float("inf"))
    )
    actual = table("d px x", (pd.Timestamp("2024-01-02 09:30", tz="UTC"), 1.75, float("-inf")))
    for options in (UNORDERED, ORDERED):
        diff = assert_unequal(expected, actual, options)
        json.dumps(diff, allow_nan=False)


@pytest.mark.parametrize(
    ("actual", "kind"),
    [
        (table("a c", (1, "x")), "columns"),
        (table("a b", (1, "x"), (2, "y")), "row_count"),
        (table("a b", ("1", "x")), "types"),
        (table("a b", (2, "x")), "rows"),
    ],
)
def test_every_diff_has_kind_message_and_columns(actual, kind):
    diff = assert_unequal(table("a b", (1, "x")), actual)
    assert diff["kind"] == kind
    assert {"kind", "message", "columns"} <= set(diff)


# --- performance -----------------------------------------------------------------------------------------


def _market_rows(n: int) -> list[tuple]:
    rng = np.random.default_rng(7)
    rets, vols, pxs = (
        rng.normal(size=n).tolist(),
        rng.integers(0, 10**6, n).tolist(),
        (rng.random(n) * 100).tolist(),
    )
    start = dt.date(2020, 1, 1)
    return [
        (f"S{i % 500:03d}", start + dt.timedelta(days=i // 500), rets[i], vols[i], pxs[i]) for i in range(n)
    ]


def test_100k_shuffled_rows_with_float_noise_compare_in_well_under_a_second():
    rows = _market_rows(100_000)
    shuffled = [(s, d, r * (1 + 1e-12), v, p) for s, d, r, v, p in rows]
    random.Random(3).shuffle(shuffled)
    expected, actual = table("sym d ret vol px", *rows), table("sym d ret vol px", *shuffled)
    started = time.perf_counter()
    result = compare(expected, actual)
    assert result.equal
    assert time.perf_counter() - started < 1.0


def test_100k_identical_rows_take_the_fast_path():
    rows = _market_rows(100_000)
    expected, actual = table("sym d ret vol px", *rows), table("sym d ret vol px", *[tuple(r) for r in rows])
    started = time.perf_counter()
    assert compare(expected, actual, ORDERED).equal
    assert time.perf_counter() - started < 0.3


# --- properties ------------------------------------------------------------------------------------------

NAMES = ("sym", "qty", "px")
PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

# Values sit on a coarse grid, so distinct values are far apart compared to any tolerance.
market_row = st.tuples(
    st.text(alphabet="QWXZ", min_size=2, max_size=4),
    st.integers(min_value=-50_000, max_value=50_000),
    st.integers(min_value=-(10**6), max_value=10**6).map(lambda k: k / 64),
)
market_table = st.lists(market_row, max_size=25).map(lambda rows: ResultTable(NAMES, tuple(rows)))


def _nudge(value: object, fraction: float, options: CompareOptions) -> object:
    """Move a number by ``fraction`` of its tolerance; leave other values alone."""
    if isinstance(value, str):
        return value
    tol = max(options.abs_tol, options.rel_tol * abs(value))
    return float(value) + fraction * tol


@PROPERTY_SETTINGS
@given(market_table, st.randoms(use_true_random=False))
def test_property_a_shuffled_copy_is_equal_when_order_does_not_matter(t, rnd):
    rows = list(t.rows)
    rnd.shuffle(rows)
    assert compare(t, ResultTable(NAMES, tuple(rows)), UNORDERED).equal


@PROPERTY_SETTINGS
@given(
    market_table,
    st.randoms(use_true_random=False),
    st.lists(st.floats(min_value=-0.9, max_value=0.9), min_size=3, max_size=3),
    st.booleans(),
)
def test_property_perturbations_inside_tolerance_are_equal(t, rnd, fractions, ordered):
    options = ORDERED if ordered else UNORDERED
    rows = [tuple(_nudge(v, f, options) for v, f in zip(row, fractions, strict=True)) for row in t.rows]
    if not ordered:
        rnd.shuffle(rows)
    result = compare(t, ResultTable(NAMES, tuple(rows)), options)
    assert result.equal, result.message


@PROPERTY_SETTINGS
@given(market_table, st.data(), st.booleans())
def test_property_one_cell_changed_beyond_tolerance_is_unequal_and_named(t, data, ordered):
    assume(t.rows)
    i = data.draw(st.integers(0, len(t.rows) - 1))
    j = data.draw(st.integers(0, len(NAMES) - 1))
    old = t.rows[i][j]
    new = old + "Q" if isinstance(old, str) else old + data.draw(st.sampled_from([1, -1, 7.5, -1000]))
    rows = list(t.rows)
    rows[i] = (*rows[i][:j], new, *rows[i][j + 1 :])
    result = compare(t, ResultTable(NAMES, tuple(rows)), ORDERED if ordered else UNORDERED)
    assert not result.equal
    assert result.diff["columns"] == [NAMES[j]]


@PROPERTY_SETTINGS
@given(market_table, market_table, st.booleans())
def test_property_hidden_output_never_contains_a_cell_value(expected, actual, ordered):
    result = compare(expected, actual, ORDERED if ordered else UNORDERED, reveal=False)
    text = result.message + json.dumps(result.diff)
    for t in (expected, actual):
        for row in t.rows:
            for value in row:
                assert str(value) not in text


def _oracle_equal(expected: ResultTable, actual: ResultTable, tol: float) -> bool:
    """Brute force: is there a one-to-one pairing of rows, each pair equal cell by cell?"""
    if len(expected.rows) != len(actual.rows):
        return False

    def same(r: tuple, s: tuple) -> bool:
        return all(a == b if isinstance(a, str) else abs(a - b) <= tol for a, b in zip(r, s, strict=True))

    partner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for j, s in enumerate(actual.rows):
            if j not in seen and same(expected.rows[i], s):
                seen.add(j)
                if j not in partner or place(partner[j], seen):
                    partner[j] = i
                    return True
        return False

    return all(place(i, set()) for i in range(len(expected.rows)))


# Small integers with a wide tolerance make tolerance chains (a~b, b~c, a!~c) common.
fuzzy_row = st.tuples(
    st.sampled_from("QX"), st.integers(0, 6).map(lambda k: k / 2), st.integers(0, 6).map(lambda k: k / 2)
)


@PROPERTY_SETTINGS
@given(st.lists(fuzzy_row, max_size=7), st.lists(fuzzy_row, max_size=7))
def test_property_unordered_comparison_agrees_with_brute_force_matching(erows, arows):
    options = CompareOptions(abs_tol=1.0, rel_tol=0)
    expected, actual = ResultTable(NAMES, tuple(erows)), ResultTable(NAMES, tuple(arows))
    assert compare(expected, actual, options).equal == _oracle_equal(expected, actual, 1.0)


def test_row_group_ids_are_dense_so_matching_never_sizes_arrays_by_a_huge_id():
    """Regression: mixed-radix ids over several float columns reached ~2**31 and bincount allocated that much."""
    import numpy as np

    from grader.compare import _group_ids

    rng = np.random.default_rng(0)
    keys = [rng.normal(size=140) for _ in range(5)]
    gid = _group_ids(keys, 140)
    assert gid.max() < 140
