"""R1, the labelled real-data dataset: arch's S&P 500 and NASDAQ histories, one window per variant."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import datasets
from datasets import r1_real
from datasets.build import REPO_ROOT, variant_dir
from datasets.manifest import dataset_hash
from datasets.universe import universe

from .conftest import connect

OWN = {"real_indices", "real_index_daily"}
SESSIONS = {  # sessions per index in each lite window (the same for both indices)
    0: 1006,
    1: 1008,
    2: 1004,
}


def _daily(root, variant: int) -> pd.DataFrame:
    with connect(root, "lite", "R1", variant) as con:
        return con.execute("SELECT * FROM real_index_daily ORDER BY index_code, trade_date").df()


def test_r1_is_the_labelled_real_dataset_and_depends_on_the_simulated_bars():
    info = {d.id: d for d in datasets.catalog()}["R1"]
    assert info.is_real is True
    assert not any(d.is_real for d in datasets.catalog() if d.id != "R1")
    assert info.depends_on == ("D02",)
    for phrase in ("REAL", "not simulated", "arch", "NCSA", "window"):
        assert phrase in info.story
    assert {t.name for t in info.tables} == OWN
    for table in info.tables:
        assert table.column_names[-1] == "is_synthetic"


def test_layout_and_the_duckdb_holds_real_and_simulated_tables(lite_root):
    for v in datasets.VARIANTS:
        folder = variant_dir(lite_root, "lite", "R1", v)
        assert {p.stem for p in folder.glob("*.parquet")} == OWN
    with connect(lite_root, "lite", "R1", 1) as con:
        tables = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    d01_d02 = {t.name for info in datasets.catalog() if info.id in ("D01", "D02") for t in info.tables}
    assert tables == OWN | d01_d02


def test_manifest_hash_covers_the_simulated_dependency(lite_root):
    manifest = datasets.load_manifest(lite_root, "lite")
    assert manifest.datasets["R1"].depends_on == ["D02"]
    for v in datasets.VARIANTS:
        entry = manifest.datasets["R1"].variants[v]
        deps = {"D02": manifest.dataset_hash("D02", v)}
        assert entry.hash == dataset_hash({t: e.sha256 for t, e in entry.tables.items()}, deps)
        assert entry.tables["real_index_daily"].rows == 2 * SESSIONS[v]
        assert entry.tables["real_indices"].rows == 2
    assert len({manifest.dataset_hash("R1", v) for v in datasets.VARIANTS}) == 3


@pytest.mark.parametrize("variant", datasets.VARIANTS)
def test_each_variant_is_its_window_of_the_package_history_unchanged(lite_root, variant):
    from arch.data import nasdaq, sp500

    daily = _daily(lite_root, variant)
    first, last = r1_real.WINDOWS["lite"][variant]
    assert not daily["is_synthetic"].any()
    assert set(daily["index_code"]) == {"SPX", "COMP"}
    for code, source in (("SPX", sp500), ("COMP", nasdaq)):
        raw = source.load()
        raw = raw[(raw.index >= pd.Timestamp(first)) & (raw.index <= pd.Timestamp(last))]
        mine = daily[daily["index_code"] == code]
        assert len(mine) == len(raw) == SESSIONS[variant]
        assert (mine["trade_date"].to_numpy() == raw.index.to_numpy()).all()
        for column, raw_column in [
            ("open", "Open"),
            ("high", "High"),
            ("low", "Low"),
            ("close", "Close"),
            ("adj_close", "Adj Close"),
            ("volume", "Volume"),
        ]:
            assert (mine[column].to_numpy() == raw[raw_column].to_numpy()).all(), (code, column)


def test_variants_are_different_windows_so_values_differ(lite_root):
    ranges = []
    for v in datasets.VARIANTS:
        dates = _daily(lite_root, v)["trade_date"]
        ranges.append((dates.min().date(), dates.max().date()))
    assert ranges[0] == (dt.date(2015, 1, 2), dt.date(2018, 12, 31))
    assert len(set(ranges)) == 3
    spans = sorted(ranges)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans)), "lite windows do not overlap"


def test_full_windows_cover_the_history_and_hidden_ones_drop_five_years():
    rows = {v: r1_real.generate("full", v, {})["real_index_daily"] for v in datasets.VARIANTS}
    assert len(rows[0]) == 2 * 5031
    assert rows[0]["trade_date"].min() == dt.date(1999, 1, 4)
    assert rows[0]["trade_date"].max() == dt.date(2018, 12, 31)
    assert rows[1]["trade_date"].max() == dt.date(2013, 12, 31)
    assert rows[2]["trade_date"].min() == dt.date(2004, 1, 2)
    assert (len(rows[1]), len(rows[2])) == (2 * 3773, 2 * 3775)


def test_the_data_is_real_the_dot_com_crash_is_there(lite_root):
    daily = _daily(lite_root, 2)
    comp = daily[daily["index_code"] == "COMP"].set_index("trade_date")["adj_close"]
    crash = comp[: pd.Timestamp("2002-10-09")]
    assert crash.idxmax() == pd.Timestamp("2000-03-10")
    assert crash.iloc[-1] / crash.max() - 1 == pytest.approx(-0.779, abs=5e-4)
    worst = comp.pct_change()
    assert worst.idxmin() == pd.Timestamp("2000-04-14")
    assert worst.min() == pytest.approx(-0.0967, abs=5e-5)
    assert np.isfinite(daily[["open", "high", "low", "close", "adj_close"]].to_numpy()).all()
    assert (daily["high"] >= daily[["open", "close"]].max(axis=1)).all()
    assert (daily["low"] <= daily[["open", "close"]].min(axis=1)).all()


def test_real_index_codes_are_the_documented_exception_to_the_denylist(lite_root):
    # The synthetic universe's names are fictional (test_names.py); R1 alone carries real index
    # codes, labelled real, and no synthetic instrument may borrow them.
    with connect(lite_root, "lite", "R1", 0) as con:
        codes = {c for (c,) in con.execute("SELECT index_code FROM real_indices").fetchall()}
        flags = con.execute("SELECT bool_or(is_synthetic) FROM real_indices").fetchone()[0]
    assert codes == {"SPX", "COMP"}
    assert flags is False
    for profile in datasets.PROFILES:
        assert not codes & {s.ticker for s in universe(profile).securities}


def test_cli_builds_only_r1_with_its_dependencies(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "datasets", "build", "--profile", "lite", "--only", "R1", "--out", str(tmp_path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert sum("R1 variant" in line for line in done.stdout.splitlines()) == 3
    assert datasets.load_manifest(tmp_path, "lite").datasets.keys() == {"D01", "D02", "R1"}
