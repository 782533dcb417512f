"""Every dataset chart's query runs on the visible lite data and gives a dated series to draw."""

from __future__ import annotations

import datetime as dt

import pytest

import datasets

from .conftest import connect

CHARTS = [pytest.param(info.id, chart, id=f"{info.id}-{i}") for info in datasets.catalog()
          for i, chart in enumerate(info.charts)]


def test_the_main_datasets_have_charts():
    with_charts = {info.id for info in datasets.catalog() if info.charts}
    assert {"D02", "D03", "D07", "D08", "R1"} <= with_charts


@pytest.mark.parametrize(("dataset_id", "chart"), CHARTS)
def test_a_chart_query_returns_dates_then_numeric_series(dataset_id, chart, lite_root):
    with connect(lite_root, "lite", dataset_id, 0) as con:
        cursor = con.execute(chart.sql)
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    assert len(columns) >= 2
    assert len(rows) >= 20
    assert all(isinstance(r[0], dt.date) for r in rows)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    for j in range(1, len(columns)):
        values = [r[j] for r in rows if r[j] is not None]
        assert values, f"{columns[j]} is empty"
        assert all(isinstance(v, int | float) for v in values)
