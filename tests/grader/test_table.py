"""ResultTable: one shape for DuckDB rows and for whatever a learner's Python returns."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid

import duckdb
import numpy as np
import pandas as pd
import pytest

from grader.table import ResultTable, jsonable_value

# --- construction ------------------------------------------------------------------------------------


def test_rows_given_as_lists_become_tuples():
    table = ResultTable(["a", "b"], [[1, "x"], [2, "y"]])
    assert table.columns == ("a", "b")
    assert table.rows == ((1, "x"), (2, "y"))


def test_row_of_the_wrong_width_is_rejected():
    with pytest.raises(ValueError, match="row 1 has 1 values but there are 2 columns"):
        ResultTable(("a", "b"), ((1, 2), (3,)))


def test_from_rows_takes_duckdb_cursor_output():
    con = duckdb.connect()
    cur = con.execute("SELECT 1::INTEGER AS n, 'x' AS s, DATE '2024-01-02' AS d, 1.50::DECIMAL(5,2) AS p")
    table = ResultTable.from_rows([c[0] for c in cur.description], cur.fetchmany(10))
    assert table.columns == ("n", "s", "d", "p")
    assert table.rows == ((1, "x", dt.date(2024, 1, 2), decimal.Decimal("1.50")),)


# --- from_dataframe and the index rule -----------------------------------------------------------------


def test_from_dataframe_keeps_columns_and_rows_in_order():
    df = pd.DataFrame({"sym": ["A", "B"], "px": [1.5, 2.5]})
    assert ResultTable.from_dataframe(df) == ResultTable(("sym", "px"), (("A", 1.5), ("B", 2.5)))


def test_from_dataframe_drops_the_default_index():
    df = pd.DataFrame({"x": [10, 20]})
    assert ResultTable.from_dataframe(df).columns == ("x",)


def test_from_dataframe_drops_an_unnamed_index_left_by_filtering_and_sorting():
    df = pd.DataFrame({"x": [3, 1, 2]})
    filtered = df[df.x > 1].sort_values("x")
    assert ResultTable.from_dataframe(filtered) == ResultTable(("x",), ((2,), (3,)))


def test_from_dataframe_turns_a_named_index_into_a_leading_column():
    df = pd.DataFrame({"sym": ["A", "A", "B"], "vol": [1, 2, 5]}).groupby("sym").sum()
    assert ResultTable.from_dataframe(df) == ResultTable(("sym", "vol"), (("A", 3), ("B", 5)))


def test_from_dataframe_turns_named_multiindex_levels_into_columns():
    df = pd.DataFrame({"sym": ["A", "B"], "d": [1, 2], "vol": [3, 4]}).set_index(["sym", "d"])
    assert ResultTable.from_dataframe(df).columns == ("sym", "d", "vol")


def test_from_dataframe_keeps_named_levels_and_drops_unnamed_ones():
    index = pd.MultiIndex.from_tuples([("A", 0), ("B", 1)], names=["sym", None])
    df = pd.DataFrame({"vol": [3, 4]}, index=index)
    assert ResultTable.from_dataframe(df) == ResultTable(("sym", "vol"), (("A", 3), ("B", 4)))


def test_from_dataframe_drops_a_named_index_that_is_also_a_column():
    df = pd.DataFrame({"sym": ["A", "B"], "vol": [3, 4]}).set_index("sym", drop=False)
    assert ResultTable.from_dataframe(df).columns == ("sym", "vol")


def test_from_dataframe_joins_multiindex_column_labels():
    df = pd.DataFrame({"px": [1.0], "vol": [2]}).agg(["min", "max"]).unstack().to_frame().T
    assert ResultTable.from_dataframe(df).columns == ("px_min", "px_max", "vol_min", "vol_max")


def test_from_dataframe_turns_non_string_labels_into_strings():
    df = pd.DataFrame({0: [1], 1: [2]})
    assert ResultTable.from_dataframe(df).columns == ("0", "1")


def test_from_dataframe_keeps_duplicate_column_names():
    df = pd.DataFrame([[1, 2]], columns=["a", "a"])
    assert ResultTable.from_dataframe(df) == ResultTable(("a", "a"), ((1, 2),))


def test_from_dataframe_with_no_rows_keeps_the_columns():
    df = pd.DataFrame({"a": pd.Series([], dtype="int64"), "b": pd.Series([], dtype="str")})
    assert ResultTable.from_dataframe(df) == ResultTable(("a", "b"), ())


def test_from_dataframe_gives_python_scalars_for_numpy_columns():
    df = pd.DataFrame({"i": np.array([1], dtype=np.int32), "f": np.array([0.5], dtype=np.float32)})
    (row,) = ResultTable.from_dataframe(df).rows
    assert type(row[0]) is int
    assert type(row[1]) is float


def test_from_dataframe_keeps_pandas_missing_values():
    df = pd.DataFrame(
        {
            "n": pd.array([1, None], dtype="Int64"),
            "f": [1.0, np.nan],
            "s": ["x", None],
            "t": pd.to_datetime(["2024-01-01", None]),
        }
    )
    missing = ResultTable.from_dataframe(df).rows[1]
    assert missing[0] is pd.NA
    assert all(pd.isna(v) for v in missing)


# --- from_value -----------------------------------------------------------------------------------------


def test_named_series_becomes_one_column_named_for_it():
    assert ResultTable.from_value(pd.Series([1, 2], name="vol")) == ResultTable(("vol",), ((1,), (2,)))


def test_unnamed_series_becomes_a_column_called_value():
    assert ResultTable.from_value(pd.Series([1.5])).columns == ("value",)


def test_series_with_a_named_index_becomes_two_columns():
    s = pd.DataFrame({"sym": ["A", "B", "A"], "ret": [0.1, 0.2, 0.3]}).groupby("sym")["ret"].count()
    assert ResultTable.from_value(s) == ResultTable(("sym", "ret"), (("A", 2), ("B", 1)))


@pytest.mark.parametrize(
    "value",
    [
        3,
        2.5,
        "AAPL",
        True,
        decimal.Decimal("1.25"),
        np.float64(0.5),
        np.int64(7),
        dt.date(2024, 1, 2),
        pd.Timestamp("2024-01-02 10:00"),
        dt.timedelta(hours=1),
        pd.NA,
        float("nan"),
    ],
)
def test_from_value_wraps_a_single_value_in_a_one_cell_table(value):
    table = ResultTable.from_value(value)
    assert table.columns == ("value",)
    assert table.rows[0][0] is value


def test_from_value_unwraps_a_zero_dimensional_array():
    assert ResultTable.from_value(np.array(4.0)) == ResultTable(("value",), ((4.0,),))


def test_from_value_returns_a_result_table_unchanged():
    table = ResultTable(("a",), ((1,),))
    assert ResultTable.from_value(table) is table


def test_from_value_rejects_none_with_a_hint_about_return():
    with pytest.raises(TypeError, match="forget a return"):
        ResultTable.from_value(None)


@pytest.mark.parametrize(
    ("value", "type_name"), [([1, 2], "list"), ({"a": 1}, "dict"), (np.arange(3), "numpy")]
)
def test_from_value_rejects_other_objects_naming_their_type(value, type_name):
    with pytest.raises(
        TypeError, match=f"{type_name}.*return a pandas DataFrame, a Series or a single value"
    ):
        ResultTable.from_value(value)


# --- to_jsonable ------------------------------------------------------------------------------------------


def test_to_jsonable_gives_columns_and_rows():
    table = ResultTable(("a", "b"), ((1, "x"),))
    assert table.to_jsonable() == {"columns": ["a", "b"], "rows": [[1, "x"]]}


def test_to_jsonable_limit_keeps_the_first_rows():
    table = ResultTable(("a",), ((1,), (2,), (3,)))
    assert table.to_jsonable(limit=2)["rows"] == [[1], [2]]


def test_to_jsonable_writes_dates_and_timestamps_as_iso_strings():
    tz = dt.timezone(dt.timedelta(hours=2))
    table = ResultTable(
        ("d", "ts", "aware", "pd", "np", "t"),
        (
            (
                dt.date(2024, 1, 2),
                dt.datetime(2024, 1, 2, 9, 30),
                dt.datetime(2024, 1, 2, 9, 30, tzinfo=tz),
                pd.Timestamp("2024-01-02 09:30:00.5"),
                np.datetime64("2024-01-02T09:30"),
                dt.time(9, 30),
            ),
        ),
    )
    assert table.to_jsonable()["rows"] == [
        [
            "2024-01-02",
            "2024-01-02T09:30:00",
            "2024-01-02T09:30:00+02:00",
            "2024-01-02T09:30:00.500000",
            "2024-01-02T09:30:00",
            "09:30:00",
        ]
    ]


def test_to_jsonable_turns_decimal_and_numpy_numbers_into_float_and_int():
    row = ResultTable(
        ("a", "b", "c", "d"), ((decimal.Decimal("1.50"), np.int64(3), np.float32(0.5), np.True_),)
    )
    values = row.to_jsonable()["rows"][0]
    assert values == [1.5, 3, 0.5, True]
    assert [type(v) for v in values] == [float, int, float, bool]


@pytest.mark.parametrize(
    "null", [None, float("nan"), np.nan, pd.NA, pd.NaT, np.datetime64("NaT"), decimal.Decimal("NaN")]
)
def test_to_jsonable_turns_every_null_into_none(null):
    assert ResultTable(("a",), ((null,),)).to_jsonable()["rows"] == [[None]]


def test_jsonable_value_writes_infinity_as_a_string_to_stay_strict_json():
    assert [jsonable_value(float("inf")), jsonable_value(-np.inf)] == ["Infinity", "-Infinity"]


def test_jsonable_value_writes_intervals_as_iso_durations():
    assert jsonable_value(dt.timedelta(days=1, seconds=90)) == "P1DT0H1M30S"


def test_jsonable_value_handles_lists_dicts_bytes_and_uuids():
    u = uuid.UUID(int=1)
    assert jsonable_value([1, decimal.Decimal("2.5"), None]) == [1, 2.5, None]
    assert jsonable_value({"k": np.int64(1)}) == {"k": 1}
    assert jsonable_value(b"ab") == "ab"
    assert jsonable_value(u) == str(u)


def test_to_jsonable_of_a_duckdb_result_passes_strict_json():
    con = duckdb.connect()
    cur = con.execute(
        "SELECT 1.5::DECIMAL(4,2) AS p, DATE '2024-01-02' AS d, TIMESTAMP '2024-01-02 10:00' AS ts, "
        "INTERVAL 1 DAY AS i, [1, 2] AS l, 'nan'::DOUBLE AS n, 'infinity'::DOUBLE AS inf, NULL AS z"
    )
    table = ResultTable.from_rows([c[0] for c in cur.description], cur.fetchall())
    text = json.dumps(table.to_jsonable(), allow_nan=False)
    assert json.loads(text)["rows"] == [
        [1.5, "2024-01-02", "2024-01-02T10:00:00", "P1DT0H0M0S", [1, 2], None, "Infinity", None]
    ]
