"""Venues and trading calendars of the fictional 2036-2037 episode.

US venues (NXS, NXO) follow NYSE holiday rules, computed here. The Asian venues use invented
holiday tables shipped as CSV in ``datasets/calendars/``; the visible variant (0) uses them as
shipped, hidden variants move the movable holidays and add one closure so that calendar answers
differ between variants. Crypto venues never close.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from datasets.seeds import generator

START = dt.date(2036, 1, 1)
"""First calendar date covered (a US holiday; the first NXS session is 2036-01-02)."""
END = dt.date(2037, 9, 30)
"""Last calendar date covered."""

CALENDAR_DIR = Path(__file__).with_name("calendars")


@dataclass(frozen=True)
class Venue:
    """A trading venue: local hours are in ``tz``; crypto venues trade 24/7 (00:00-24:00 UTC)."""

    venue: str
    venue_name: str
    asset_scope: str
    country: str
    ccy: str
    tz: str
    open_local: dt.time
    close_local: dt.time
    lunch_start_local: dt.time | None
    lunch_end_local: dt.time | None
    early_close_local: dt.time | None
    price_limit_pct: float | None
    tick_schedule: str


_T = dt.time
VENUES: tuple[Venue, ...] = (
    Venue(
        "NXS",
        "Nexus Stock Exchange",
        "equities and ETPs",
        "US",
        "USD",
        "America/New_York",
        _T(9, 30),
        _T(16, 0),
        None,
        None,
        _T(13, 0),
        None,
        "0.01 at or above 1.00; 0.0001 below 1.00",
    ),
    Venue(
        "NXO",
        "Nexus Options Exchange",
        "listed options",
        "US",
        "USD",
        "America/New_York",
        _T(9, 30),
        _T(16, 0),
        None,
        None,
        _T(13, 0),
        None,
        "0.01 below 3.00; 0.05 at or above 3.00",
    ),
    Venue(
        "HNX",
        "Hanseong Exchange",
        "equities and ETPs",
        "KR",
        "KRW",
        "Asia/Seoul",
        _T(9, 0),
        _T(15, 30),
        None,
        None,
        None,
        30.0,
        "1/5/10/50/100/500/1000 won below 2k/5k/20k/50k/200k/500k/above",
    ),
    Venue(
        "KYX",
        "Kiyose Exchange",
        "equities and ETPs",
        "JP",
        "JPY",
        "Asia/Tokyo",
        _T(9, 0),
        _T(15, 30),
        _T(11, 30),
        _T(12, 30),
        None,
        None,
        "1 yen up to 3,000; 5 up to 5,000; 10 up to 30,000; 50 above",
    ),
    Venue(
        "VHK",
        "Victoria Harbour Exchange",
        "equities and ETPs",
        "HK",
        "HKD",
        "Asia/Hong_Kong",
        _T(9, 30),
        _T(16, 0),
        _T(12, 0),
        _T(13, 0),
        _T(12, 0),
        None,
        "0.01 below 10; 0.02 below 20; 0.05 below 100; 0.10 below 200; 0.20 above",
    ),
    Venue(
        "CX1",
        "Cryptex One",
        "crypto spot and perpetuals",
        "XX",
        "USD",
        "UTC",
        _T(0, 0),
        _T(23, 59, 59),
        None,
        None,
        None,
        None,
        "0.01",
    ),
    Venue(
        "CX2",
        "Cryptex Two",
        "crypto spot and perpetuals",
        "XX",
        "USD",
        "UTC",
        _T(0, 0),
        _T(23, 59, 59),
        None,
        None,
        None,
        None,
        "0.01",
    ),
    Venue(
        "CX3",
        "Cryptex Three",
        "crypto spot and perpetuals",
        "XX",
        "USDT",
        "UTC",
        _T(0, 0),
        _T(23, 59, 59),
        None,
        None,
        None,
        None,
        "0.1",
    ),
)
VENUE_BY_CODE = {v.venue: v for v in VENUES}
US_VENUES = ("NXS", "NXO")
ASIA_VENUES = ("HNX", "KYX", "VHK")
CRYPTO_VENUES = ("CX1", "CX2", "CX3")

# Dates the story depends on; hidden variants keep Asia open on them.
ASIA_OPEN_WHILE_US_CLOSED = (dt.date(2037, 6, 19), dt.date(2037, 7, 3))


def all_dates() -> list[dt.date]:
    """Every calendar date from START to END inclusive."""
    return [START + dt.timedelta(days=i) for i in range((END - START).days + 1)]


def weekdays() -> list[dt.date]:
    """Every Monday-Friday from START to END inclusive: the engine's time grid."""
    return [d for d in all_dates() if d.weekday() < 5]


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th given weekday of a month (n=-1: the last one)."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: dt.date) -> dt.date:
    """NYSE observance: Saturday holidays move to Friday, Sunday holidays to Monday."""
    if day.weekday() == 5:
        return day - dt.timedelta(days=1)
    if day.weekday() == 6:
        return day + dt.timedelta(days=1)
    return day


def us_holidays(year: int) -> dict[dt.date, str]:
    """NYSE full-day holidays of ``year`` (observed dates), name by date.

    New Year's Day falling on a Saturday is not observed on the preceding Friday (NYSE rule).
    """
    out: dict[dt.date, str] = {}
    new_year = dt.date(year, 1, 1)
    if new_year.weekday() != 5:
        out[_observed(new_year)] = "New Year's Day"
    out[_nth_weekday(year, 1, 0, 3)] = "Martin Luther King Jr. Day"
    out[_nth_weekday(year, 2, 0, 3)] = "Washington's Birthday"
    out[easter(year) - dt.timedelta(days=2)] = "Good Friday"
    out[_nth_weekday(year, 5, 0, -1)] = "Memorial Day"
    out[_observed(dt.date(year, 6, 19))] = "Juneteenth National Independence Day"
    out[_observed(dt.date(year, 7, 4))] = "Independence Day"
    out[_nth_weekday(year, 9, 0, 1)] = "Labor Day"
    out[_nth_weekday(year, 11, 3, 4)] = "Thanksgiving Day"
    out[_observed(dt.date(year, 12, 25))] = "Christmas Day"
    return out


def us_early_closes(year: int) -> set[dt.date]:
    """NYSE 13:00 early closes: July 3 (when a normal weekday session), the day after
    Thanksgiving, and Christmas Eve (when a weekday that is not a holiday)."""
    holidays = us_holidays(year)
    out = {_nth_weekday(year, 11, 3, 4) + dt.timedelta(days=1)}
    for day in (dt.date(year, 7, 3), dt.date(year, 12, 24)):
        if day.weekday() < 5 and day not in holidays:
            out.add(day)
    return out


@dataclass(frozen=True)
class Holiday:
    """One row of an Asian venue's holiday CSV."""

    cal_date: dt.date
    holiday_name: str
    block: str
    movable: bool


@cache
def _shipped_holidays(venue: str) -> tuple[Holiday, ...]:
    with (CALENDAR_DIR / f"{venue}.csv").open(newline="", encoding="utf-8") as fh:
        return tuple(
            Holiday(dt.date.fromisoformat(r["cal_date"]), r["holiday_name"], r["block"], r["movable"] == "1")
            for r in csv.DictReader(fh)
        )


def _next_weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def asia_holidays(venue: str, variant: int) -> dict[dt.date, str]:
    """Holidays of an Asian venue in ``variant``: name by date (weekdays only).

    Variant 0 is the shipped CSV. Hidden variants shift each movable block by 1-9 days either
    way (keeping its weekday pattern by rolling onto the next weekday) and add one
    "Exchange Foundation Day" on a US holiday, so a hand-copied calendar does not match.
    """
    shipped = _shipped_holidays(venue)
    if variant == 0:
        return {h.cal_date: h.holiday_name for h in shipped}
    rng = generator(1, variant, 1000 + ASIA_VENUES.index(venue))
    shifts: dict[str, int] = {}
    out: dict[dt.date, str] = {}
    for h in shipped:
        day = h.cal_date
        if h.movable:
            if h.block not in shifts:
                shifts[h.block] = int(rng.choice([-1, 1]) * rng.integers(1, 10))
            day = _next_weekday(day + dt.timedelta(days=shifts[h.block]))
            while day in out or day in ASIA_OPEN_WHILE_US_CLOSED:
                day = _next_weekday(day + dt.timedelta(days=1))
        if START <= day <= END:
            out[day] = h.holiday_name
    us_only = sorted(
        d
        for y in (2036, 2037)
        for d in us_holidays(y)
        if d not in out and d not in ASIA_OPEN_WHILE_US_CLOSED and START <= d <= END
    )
    extra = us_only[int(rng.integers(len(us_only)))]
    out[extra] = "Exchange Foundation Day"
    return dict(sorted(out.items()))


@dataclass(frozen=True)
class CalendarDay:
    """One venue-date of the trading calendar."""

    venue: str
    cal_date: dt.date
    is_open: bool
    early_close: bool
    close_local: dt.time | None
    holiday_name: str | None


@cache
def trading_calendar(variant: int) -> tuple[CalendarDay, ...]:
    """Every venue x every date START..END, in venue order then date order."""
    us_hol: dict[dt.date, str] = {}
    us_early: set[dt.date] = set()
    for year in (2036, 2037):
        us_hol |= us_holidays(year)
        us_early |= us_early_closes(year)
    rows: list[CalendarDay] = []
    for venue in VENUES:
        if venue.venue in US_VENUES:
            hol, early = us_hol, us_early
        elif venue.venue in ASIA_VENUES:
            hol, early = asia_holidays(venue.venue, variant), set()
        else:
            hol, early = {}, set()
        crypto = venue.venue in CRYPTO_VENUES
        for day in all_dates():
            is_open = crypto or (day.weekday() < 5 and day not in hol)
            is_early = is_open and day in early
            close = None
            if is_open:
                close = venue.early_close_local if is_early else venue.close_local
            rows.append(CalendarDay(venue.venue, day, is_open, is_early, close, hol.get(day)))
    return tuple(rows)


@cache
def sessions(venue: str, variant: int) -> tuple[dt.date, ...]:
    """Open dates of ``venue`` in ``variant``, ascending."""
    return tuple(r.cal_date for r in trading_calendar(variant) if r.venue == venue and r.is_open)


def session_mask(venue: str, variant: int, grid: list[dt.date]) -> np.ndarray:
    """Boolean array over ``grid``: True where ``venue`` is open."""
    open_days = set(sessions(venue, variant))
    return np.array([d in open_days for d in grid], dtype=bool)
