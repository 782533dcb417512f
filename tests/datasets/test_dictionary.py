"""The data dictionary describes exactly what the build writes."""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import datasets
from datasets.build import variant_dir
from grader.python_runner import load_tables

from .conftest import connect

CLEANED_TIMES = {
    "D04": {"bars_1m": ("ts_utc",), "futures_1m": ("ts_utc",)},
    "D05": {"trades": ("ts_exch", "ts_ingest"), "quotes": ("ts",), "depth_10s": ("ts",)},
    "D09": {"orders": ("ts_utc",), "executions": ("ts_utc",)},
    "D11": {
        "ohlcv_1h": ("ts_utc",),
        "funding_8h": ("ts_utc",),
        "oi_1h": ("ts_utc",),
        "liquidations_1h": ("ts_utc",),
        "btc_fix_daily": ("fix_ts_utc",),
    },
    "D14": {"fx_1h": ("ts_utc",)},
    "D15": {"news": ("ts_utc",)},
}
"""Cleaned instants a real feed would deliver typed (UTC)."""
RAW_TIMES = {
    "D04": {"bars_1m": ("ts_raw",)},
    "D09": {"orders": ("ts_device",)},
    "D15": {"reg_events": ("ts_local",)},
}
"""Times kept as the venue or device sent them: text, on purpose, to be parsed."""


def _columns(spec: dict[str, dict[str, tuple[str, ...]]]) -> list[tuple[str, str, str]]:
    return [(did, table, column) for did, tables in spec.items() for table, cols in tables.items() for column in cols]


def _timestamp_columns(info: datasets.DatasetInfo) -> dict[str, list[str]]:
    """Per own table of ``info``, its TIMESTAMP columns (tables without one left out)."""
    found = {t.name: [c.name for c in t.columns if c.type == "TIMESTAMP"] for t in info.tables}
    return {name: cols for name, cols in found.items() if cols}


TIMESTAMPED = [info for info in datasets.catalog() if _timestamp_columns(info)]


def test_catalog_lists_d01_and_d02_with_stories_and_dependencies():
    cat = {d.id: d for d in datasets.catalog()}
    assert {"D01", "D02", "D03", "R1"} <= set(cat)
    assert cat["D03"].depends_on == ("D02",)
    assert cat["D02"].depends_on == ("D01",)
    assert cat["R1"].depends_on == ("D02",)
    assert [i for i in cat if cat[i].is_real] == ["R1"]
    for info in cat.values():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", info.story.strip()) if s]
        assert 2 <= len(sentences) <= 4, info.id
        for table in info.tables:
            assert table.description
            for column in table.columns:
                assert column.meaning, (table.name, column.name)


def test_dictionary_matches_the_built_tables_exactly(lite_root):
    for info in datasets.catalog():
        with connect(lite_root, "lite", info.id, 0) as con:
            for table in info.tables:
                built = con.execute(
                    "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                    "WHERE table_name = ? ORDER BY ordinal_position",
                    [table.name],
                ).fetchall()
                expected = [(c.name, c.type, "YES" if c.nullable else "NO") for c in table.columns]
                assert built == expected, table.name


def test_every_declared_table_is_built_and_nothing_else(lite_root):
    own = {t.name for info in datasets.catalog() for t in info.tables}
    built = set()
    for info in datasets.catalog():
        with connect(lite_root, "lite", info.id, 0) as con:
            built |= {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert built == own


@pytest.mark.parametrize(("dataset_id", "table", "column"), _columns(CLEANED_TIMES))
def test_cleaned_times_are_timestamps_in_utc(dataset_id, table, column):
    info = next(i for i in datasets.catalog() if i.id == dataset_id)
    declared = next(c for c in info.table(table).columns if c.name == column)
    assert (declared.type, declared.unit) == ("TIMESTAMP", "UTC")


@pytest.mark.parametrize(("dataset_id", "table", "column"), _columns(RAW_TIMES))
def test_raw_feed_times_stay_text(dataset_id, table, column):
    info = next(i for i in datasets.catalog() if i.id == dataset_id)
    assert next(c for c in info.table(table).columns if c.name == column).type == "VARCHAR"


@pytest.mark.parametrize("info", TIMESTAMPED, ids=lambda i: i.id)
def test_timestamp_columns_are_naive_microsecond_timestamps_in_parquet(lite_root, info):
    for variant in datasets.VARIANTS:
        folder = variant_dir(lite_root, "lite", info.id, variant)
        for table, columns in _timestamp_columns(info).items():
            schema = pq.read_schema(folder / f"{table}.parquet")
            for column in columns:
                assert schema.field(column).type == pa.timestamp("us"), (variant, table, column)  # no tz


@pytest.mark.parametrize("info", TIMESTAMPED, ids=lambda i: i.id)
def test_the_python_runner_sees_timestamp_columns_as_datetime64(lite_root, info):
    tables = load_tables(datasets.dataset_file(lite_root, "lite", info.id, 0))
    for table, columns in _timestamp_columns(info).items():
        for column in columns:
            assert str(tables[table][column].dtype) == "datetime64[us]", (table, column)
