"""Fictional names only: no real ticker, Z-prefixed US tickers, 9xxxxx Asian codes, is_synthetic set.

These rules cover the synthetic datasets (D01..D15). R1 is the one labelled exception: real index
histories under their real codes (SPX, COMP) with is_synthetic FALSE, checked in test_r1.py.
"""

from __future__ import annotations

import re

import pytest

import datasets
from datasets.universe import denylist, universe

from .conftest import connect


def test_denylist_is_substantial_and_covers_the_real_analogs():
    deny = denylist()
    assert len(deny) >= 300
    assert {
        "NVDA",
        "AMD",
        "MU",
        "SOXL",
        "SOXS",
        "TQQQ",
        "MSTR",
        "ZM",
        "ZS",
        "ZTS",
        "ZBH",
        "ZION",
        "005930",
    } <= deny


@pytest.mark.parametrize("profile", ["lite", "full"])
def test_no_security_uses_a_real_ticker(profile):
    tickers = [s.ticker for s in universe(profile).securities]
    assert len(tickers) == len(set(tickers))
    assert not set(tickers) & denylist()


def test_ticker_shapes_follow_the_ground_rules():
    for sec in universe("full").securities:
        if sec.asset_class == "IDX":
            continue
        if sec.venue == "NXS":
            assert re.fullmatch(r"Z[A-Z]{2,3}", sec.ticker), sec.ticker
        else:
            assert re.fullmatch(r"9[6-9]\d{4}", sec.ticker), sec.ticker  # avoids KRX's real 90xxxx/95xxxx


def test_lite_is_a_subset_of_full_with_the_same_ids():
    full = {s.security_id: s.ticker for s in universe("full").securities}
    lite = {s.security_id: s.ticker for s in universe("lite").securities}
    assert lite.items() <= full.items()
    assert len(lite) < len(full) / 4


def test_is_synthetic_is_true_on_every_row_with_an_instrument(lite_root):
    with connect(lite_root, "lite", "D02", 0) as con:
        tables = con.execute(
            "SELECT DISTINCT table_name FROM information_schema.columns WHERE column_name = 'security_id'"
        ).fetchall()
        for (table,) in tables:
            cols = {
                c
                for (c,) in con.execute(
                    f"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}'"
                ).fetchall()
            }
            assert "is_synthetic" in cols, table
            assert con.execute(f'SELECT bool_and(is_synthetic) FROM "{table}"').fetchone() == (True,)


def test_built_tickers_avoid_the_denylist(lite_root):
    for variant in datasets.VARIANTS:
        with connect(lite_root, "lite", "D01", variant) as con:
            tickers = {t for (t,) in con.execute("SELECT ticker FROM securities").fetchall()}
            renamed = {
                t
                for (t,) in con.execute(
                    "SELECT old_ticker FROM corporate_actions WHERE old_ticker IS NOT NULL"
                ).fetchall()
            }
        assert not (tickers | renamed) & denylist()
