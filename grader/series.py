"""Expected vs actual as chartable series, for a wrong answer that is a series over dates.

A learner looking at a mismatch in a 400-row time series learns more from two lines that part on a
date than from a list of cells. Only ever called with visible-variant results: the points are the
visible data, which the learner may see anyway.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from typing import Any

import numpy as np
import pandas as pd

from grader.compare import CompareOptions
from grader.table import ResultTable

MAX_POINTS = 800
"""Points per line in the chart (longer series are thinned evenly, keeping the ends)."""


def series_chart(expected: ResultTable, actual: ResultTable, options: CompareOptions) -> dict[str, Any] | None:
    """``{"x", "y", "where", "expected": [[iso date, value], ...], "actual": [...]}`` or None.

    The x column is the expected result's first date or timestamp column, the y column its first numeric
    one; when dates repeat (one series per key such as ``security_id``), the chart follows the first
    key value of the expected result, named in ``where``. None when the result is not such a series or
    the learner's result lacks the columns.
    """
    if not expected.rows or not actual.rows:
        return None
    x = _first_column(expected, _is_temporal)
    y = _first_column(expected, _is_number, skip={x})
    if x is None or y is None:
        return None
    ax, ay = _matching(expected, actual, x, options), _matching(expected, actual, y, options)
    if ax is None or ay is None:
        return None
    keys = _key_columns(expected, x, y)
    if keys is None:
        return None
    key_values = _first_key(expected, keys)
    actual_keys = [_matching(expected, actual, k, options) for k in keys]
    if any(k is None for k in actual_keys):
        return None
    exp_points = _points(expected.rows, x, y, keys, key_values)
    act_points = _points(actual.rows, ax, ay, actual_keys, key_values)
    if len(exp_points) < 2:
        return None
    where = {expected.columns[k]: _jsonable_key(v) for k, v in zip(keys, key_values, strict=True)}
    return {"x": expected.columns[x], "y": expected.columns[y], "where": where,
            "expected": _thin(exp_points), "actual": _thin(act_points)}


def _is_temporal(value: object) -> bool:
    return isinstance(value, dt.date | pd.Timestamp | np.datetime64)


def _is_number(value: object) -> bool:
    if isinstance(value, bool | np.bool_):
        return False
    return isinstance(value, int | float | decimal.Decimal | np.integer | np.floating)


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return isinstance(value, float | np.floating) and math.isnan(value)
    except TypeError:
        return False


def _first_column(table: ResultTable, test, skip: set | None = None) -> int | None:
    """The first column whose non-missing values all pass `test` (and there is at least one)."""
    for i in range(len(table.columns)):
        if skip and i in skip:
            continue
        values = [row[i] for row in table.rows if not _missing(row[i])]
        if values and all(test(v) for v in values):
            return i
    return None


def _matching(expected: ResultTable, actual: ResultTable, index: int, options: CompareOptions) -> int | None:
    """The learner's column that the grader compares with expected column `index`."""
    if options.match_columns == "position":
        return index if index < len(actual.columns) else None
    wanted = expected.columns[index].lower()
    names = [c.lower() for c in actual.columns]
    return names.index(wanted) if wanted in names else None


def _key_columns(table: ResultTable, x: int, y: int) -> list[int] | None:
    """The fewest leading identifier columns (text or integers) that make x unique, or None."""
    candidates = [i for i in range(len(table.columns)) if i not in (x, y) and all(
        isinstance(row[i], str | int | np.integer) and not isinstance(row[i], bool) for row in table.rows)]
    keys: list[int] = []
    for i in [None, *candidates]:
        if i is not None:
            keys.append(i)
        if len({(tuple(row[k] for k in keys), row[x]) for row in table.rows}) == len(table.rows):
            return keys
    return None


def _first_key(table: ResultTable, keys: list[int]) -> tuple:
    if not keys:
        return ()
    values = {tuple(row[k] for k in keys) for row in table.rows}
    return min(values, key=lambda v: tuple(str(x) for x in v))


def _points(rows, x: int, y: int, keys: list, key_values: tuple) -> list[list]:
    wanted = tuple(str(v) for v in key_values)
    points = []
    for row in rows:
        if keys and tuple(str(row[k]) for k in keys) != wanted:
            continue
        if _missing(row[x]) or _missing(row[y]) or not _is_temporal(row[x]) or not _is_number(row[y]):
            continue
        value = float(row[y])
        if math.isfinite(value):
            points.append([pd.Timestamp(row[x]).isoformat(), value])
    points.sort(key=lambda p: p[0])
    return points


def _thin(points: list[list]) -> list[list]:
    if len(points) <= MAX_POINTS:
        return points
    step = (len(points) - 1) / (MAX_POINTS - 1)
    return [points[round(i * step)] for i in range(MAX_POINTS)]


def _jsonable_key(value: object) -> object:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)
