"""Hidden variants: same generator and schema, different values."""

from __future__ import annotations

import datetime as dt

import pytest

from datasets.engine import factor_paths

from .conftest import connect


def _schema(con) -> list[tuple]:
    return con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "ORDER BY table_name, ordinal_position"
    ).fetchall()


@pytest.mark.parametrize("variant", [1, 2])
def test_hidden_variants_share_the_schema_but_not_the_values(lite_root, variant):
    with (
        connect(lite_root, "lite", "D02", 0) as visible,
        connect(lite_root, "lite", "D02", variant) as hidden,
    ):
        assert _schema(visible) == _schema(hidden)
        assert (
            visible.execute("SELECT * FROM securities ORDER BY 1").fetchall()
            == hidden.execute("SELECT * FROM securities ORDER BY 1").fetchall()
        )
        closes = "SELECT security_id, trade_date, close FROM eq_daily ORDER BY 1, 2"
        a, b = visible.execute(closes).fetchall(), hidden.execute(closes).fetchall()
        same = len(set(a) & set(b))
        assert same < 0.02 * len(a)
        calendar = "SELECT * FROM trading_calendar WHERE venue = 'HNX' ORDER BY cal_date"
        assert visible.execute(calendar).fetchall() != hidden.execute(calendar).fetchall()


def test_split_date_is_the_designs_in_the_visible_variant_and_moves_in_hidden_ones(lite_root):
    dates = []
    for variant in (0, 1, 2):
        with connect(lite_root, "lite", "D01", variant) as con:
            dates.append(
                con.execute(
                    "SELECT a.ex_date FROM corporate_actions a JOIN securities s USING (security_id) "
                    "WHERE s.ticker = 'ZVLT' AND a.action_type = 'SPLIT'"
                ).fetchone()[0]
            )
    assert dates[0] == dt.date(2037, 4, 13)
    assert len(set(dates)) == 3


def test_factor_paths_differ_by_variant_and_are_cached():
    assert factor_paths(0) is factor_paths(0)
    assert (factor_paths(0).returns["MKT"] != factor_paths(1).returns["MKT"]).mean() > 0.9
