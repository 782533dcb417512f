"""Trading calendars: NYSE rules for the US venues, the invented Asian holidays, the named dates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import datasets
from datasets.calendar import easter, sessions, us_early_closes, us_holidays

from .conftest import connect

D = dt.date


def test_nxs_has_439_sessions_from_2036_01_02_to_2037_09_30():
    for variant in datasets.VARIANTS:
        nxs = sessions("NXS", variant)
        assert len(nxs) == 439
        assert (nxs[0], nxs[-1]) == (D(2036, 1, 2), D(2037, 9, 30))


def test_us_holidays_follow_nyse_rules():
    assert easter(2036) == D(2036, 4, 13)
    assert easter(2037) == D(2037, 4, 5)
    h36, h37 = us_holidays(2036), us_holidays(2037)
    assert len(h36) == 10
    assert len(h37) == 10
    assert h36[D(2036, 4, 11)] == "Good Friday"
    assert h36[D(2036, 1, 21)] == "Martin Luther King Jr. Day"
    assert h37[D(2037, 6, 19)].startswith("Juneteenth")  # a Friday
    assert h37[D(2037, 7, 3)] == "Independence Day"  # July 4 is a Saturday: observed Friday
    assert h37[D(2037, 11, 26)] == "Thanksgiving Day"
    assert D(2036, 11, 28) in us_early_closes(2036)  # day after Thanksgiving
    assert D(2036, 12, 24) in us_early_closes(2036)
    assert D(2037, 7, 2) not in us_early_closes(2037)  # no early close before an observed Friday holiday


def test_calendar_table_covers_every_venue_and_date(lite_root):
    with connect(lite_root, "lite", "D01", 0) as con:
        per_venue = con.execute(
            "SELECT venue, count(*), min(cal_date), max(cal_date) FROM trading_calendar GROUP BY venue"
        ).fetchall()
        crypto_closed = con.execute(
            "SELECT count(*) FROM trading_calendar WHERE venue LIKE 'CX%' AND NOT is_open"
        ).fetchone()
        weekend_open = con.execute(
            "SELECT count(*) FROM trading_calendar WHERE venue NOT LIKE 'CX%' AND is_open "
            "AND isodow(cal_date) > 5"
        ).fetchone()
        early = con.execute(
            "SELECT cal_date, close_local FROM trading_calendar WHERE venue = 'NXS' AND early_close "
            "ORDER BY 1"
        ).fetchall()
    assert len(per_venue) == 8
    assert {(n, lo, hi) for _, n, lo, hi in per_venue} == {(639, D(2036, 1, 1), D(2037, 9, 30))}
    assert crypto_closed == (0,)
    assert weekend_open == (0,)
    assert [d for d, _ in early] == [D(2036, 7, 3), D(2036, 11, 28), D(2036, 12, 24)]
    assert {t for _, t in early} == {dt.time(13, 0)}


def test_visible_asian_calendars_keep_the_designs_named_dates(lite_root):
    with connect(lite_root, "lite", "D01", 0) as con:

        def is_open(venue: str, day: dt.date) -> bool:
            return con.execute(
                "SELECT is_open FROM trading_calendar WHERE venue = ? AND cal_date = ?", [venue, day]
            ).fetchone()[0]

        assert not is_open("HNX", D(2037, 6, 3))
        for day in (D(2037, 4, 29), D(2037, 5, 4), D(2037, 5, 5), D(2037, 5, 6)):
            assert not is_open("KYX", day)
        for day in (D(2037, 6, 19), D(2037, 7, 3)):
            assert not is_open("NXS", day)
            assert is_open("HNX", day)
            assert is_open("KYX", day)


@pytest.mark.parametrize("variant", [1, 2])
def test_hidden_asian_calendars_differ_but_asia_still_trades_on_juneteenth(variant):
    for venue in ("HNX", "KYX", "VHK"):
        assert sessions(venue, variant) != sessions(venue, 0)
        assert D(2037, 6, 19) in sessions(venue, variant)
        assert D(2037, 7, 3) in sessions(venue, variant)
    assert sessions("NXS", variant) == sessions("NXS", 0)


def test_us_daylight_saving_narrows_the_new_york_seoul_gap():
    def gap_hours(day: dt.date) -> float:
        noon = dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo("America/New_York"))
        return (
            ZoneInfo("Asia/Seoul").utcoffset(noon.replace(tzinfo=None)) - noon.utcoffset()
        ).total_seconds() / 3600

    assert gap_hours(D(2037, 3, 6)) == 14
    assert gap_hours(D(2037, 3, 9)) == 13


def test_venue_time_zones_are_real(lite_root):
    with connect(lite_root, "lite", "D01", 0) as con:
        zones = {tz for (tz,) in con.execute("SELECT tz FROM venues").fetchall()}
    for tz in zones:
        ZoneInfo(tz)
