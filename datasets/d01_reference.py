"""D01 Reference & calendars: securities, issuers, venues, trading calendars, corporate actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from datasets.calendar import VENUES, sessions, trading_calendar
from datasets.dictionary import IS_SYNTHETIC, DatasetInfo, TableInfo, col
from datasets.seeds import generator
from datasets.universe import RENAMES, universe

ID = "D01"
STREAM = 1

SPLIT = ("ZVLT", dt.date(2037, 4, 13), 10.0)
"""Ticker, visible ex-date and ratio (new shares per old) of the episode's stock split."""
REVERSE_SPLIT = ("ZSXD", dt.date(2037, 8, 17), 0.1)
"""The decayed 3x bear fund's 1:10 reverse split."""

DATASET = DatasetInfo(
    id=ID,
    title="Reference & calendars",
    story=(
        "The instrument master behind every other dataset: some 270 fictional US and Asian stocks, "
        "leveraged funds and indices, the invented venues they trade on, and each venue's calendar. "
        "The calendars matter in this episode: New York shuts for Juneteenth (Fri 2037-06-19) while "
        "Seoul and Tokyo trade through the sell-off, and corporate actions (ZVLT's 10:1 split, a "
        "decayed 3x fund's 1:10 reverse split, a ticker rename) are the traps in the raw prices."
    ),
    depends_on=(),
    tables=[
        TableInfo(
            "securities",
            "One row per instrument: stocks (EQ), exchange-traded products (ETP), a closed-end fund "
            "(CEF), preferreds (PREF), convertibles (CONV) and indices (IDX). The ticker is the current "
            "one; renames are in corporate_actions.",
            [
                col("security_id", "INTEGER", "", "Stable instrument id used by every dataset."),
                col(
                    "ticker",
                    "VARCHAR",
                    "",
                    "Current ticker: US tickers start with Z, Asian codes are 9xxxxx.",
                ),
                col("venue", "VARCHAR", "", "Listing venue (venues.venue)."),
                col("name", "VARCHAR", "", "Instrument name (fictional)."),
                col("asset_class", "VARCHAR", "", "EQ, ETP, CEF, PREF, CONV or IDX."),
                col("sector", "VARCHAR", "", "Sector; NULL for indices.", nullable=True),
                col("ccy", "VARCHAR", "ISO 4217", "Trading currency of prices on this venue."),
                col(
                    "issuer_id", "INTEGER", "", "Issuer, fund sponsor or index provider (issuers.issuer_id)."
                ),
                col(
                    "underlying_id",
                    "INTEGER",
                    "",
                    "For ETPs the tracked security or index; for the ADR its "
                    "ordinary share; for preferreds and convertibles the issuer's common stock; else NULL.",
                    nullable=True,
                ),
                col(
                    "leverage",
                    "DOUBLE",
                    "x",
                    "ETP daily leverage (e.g. 2, 3, -1, -3); NULL for non-ETPs.",
                    nullable=True,
                ),
                col(
                    "adr_ratio",
                    "DOUBLE",
                    "shares per ADR",
                    "Ordinary shares one ADR represents (5); NULL unless the row is an ADR.",
                    nullable=True,
                ),
                col("lot_size", "INTEGER", "shares", "Board lot: volumes are multiples of this."),
                col(
                    "tick_size",
                    "DOUBLE",
                    "local ccy",
                    "Tick at the list price; the venue's tick schedule "
                    "(venues.tick_schedule) applies as prices move.",
                ),
                col("list_date", "DATE", "", "First trading date."),
                col(
                    "delist_date",
                    "DATE",
                    "",
                    "First date no longer listed; NULL while listed.",
                    nullable=True,
                ),
                IS_SYNTHETIC,
            ],
            ("security_id",),
        ),
        TableInfo(
            "issuers",
            "Companies, fund sponsors and index providers.",
            [
                col("issuer_id", "INTEGER", "", "Issuer id."),
                col("issuer_name", "VARCHAR", "", "Legal name (fictional)."),
                col("country", "VARCHAR", "ISO 3166-1 alpha-2", "Country of domicile."),
                col("issuer_type", "VARCHAR", "", "CORP, FUND_SPONSOR or INDEX_PROVIDER."),
                col(
                    "sector",
                    "VARCHAR",
                    "",
                    "Sector of a company; NULL for sponsors and providers.",
                    nullable=True,
                ),
            ],
            ("issuer_id",),
        ),
        TableInfo(
            "venues",
            "Invented trading venues with real time zones and currencies. Times are venue-local.",
            [
                col("venue", "VARCHAR", "", "Venue code: NXS, NXO, HNX, KYX, VHK, CX1, CX2, CX3."),
                col("venue_name", "VARCHAR", "", "Venue name (fictional)."),
                col("asset_scope", "VARCHAR", "", "What trades there."),
                col(
                    "country", "VARCHAR", "ISO 3166-1 alpha-2", "Country (XX for the offshore crypto venues)."
                ),
                col("ccy", "VARCHAR", "ISO 4217", "Quote currency (USDT is a stablecoin, not ISO)."),
                col("tz", "VARCHAR", "IANA", "Time zone of the local times, e.g. Asia/Seoul."),
                col("open_local", "TIME", "local time", "Regular session open."),
                col("close_local", "TIME", "local time", "Regular session close (23:59:59 for 24/7 venues)."),
                col(
                    "lunch_start_local",
                    "TIME",
                    "local time",
                    "Lunch break start; NULL if none.",
                    nullable=True,
                ),
                col("lunch_end_local", "TIME", "local time", "Lunch break end; NULL if none.", nullable=True),
                col(
                    "early_close_local",
                    "TIME",
                    "local time",
                    "Close on early-close days; NULL if the venue has none.",
                    nullable=True,
                ),
                col(
                    "price_limit_pct",
                    "DOUBLE",
                    "%",
                    "Daily price limit around the previous close (HNX: 30); NULL if none.",
                    nullable=True,
                ),
                col("tick_schedule", "VARCHAR", "", "Tick size by price band, in words."),
            ],
            ("venue",),
        ),
        TableInfo(
            "trading_calendar",
            "Every venue x every calendar date 2036-01-01..2037-09-30, open or not. US venues follow "
            "NYSE holiday rules; Asian holidays are invented; crypto venues never close.",
            [
                col("venue", "VARCHAR", "", "Venue code."),
                col("cal_date", "DATE", "venue-local", "Calendar date in the venue's time zone."),
                col("is_open", "BOOLEAN", "", "TRUE if the venue holds a session that date."),
                col("early_close", "BOOLEAN", "", "TRUE on scheduled early-close sessions."),
                col(
                    "close_local",
                    "TIME",
                    "local time",
                    "That session's close; NULL when closed.",
                    nullable=True,
                ),
                col(
                    "holiday_name",
                    "VARCHAR",
                    "",
                    "Holiday name on weekday closures (and weekend holidays "
                    "the venue lists); NULL otherwise.",
                    nullable=True,
                ),
            ],
            ("venue", "cal_date"),
        ),
        TableInfo(
            "corporate_actions",
            "Splits, reverse splits, cash dividends, renames and delistings, effective on ex_date. "
            "Prices in D02 are raw: they are not adjusted for anything in this table.",
            [
                col("action_id", "INTEGER", "", "Action id."),
                col("security_id", "INTEGER", "", "Instrument (securities.security_id)."),
                col("ex_date", "DATE", "venue-local", "First session the action is in effect."),
                col("action_type", "VARCHAR", "", "SPLIT, RSPLIT, DIV, RENAME or DELIST."),
                col(
                    "ratio",
                    "DOUBLE",
                    "new shares per old share",
                    "SPLIT/RSPLIT only: 10 for a 10:1 split, 0.1 for a 1:10 reverse split; NULL otherwise.",
                    nullable=True,
                ),
                col(
                    "cash",
                    "DOUBLE",
                    "local ccy per share",
                    "DIV only: cash dividend per share; NULL otherwise.",
                    nullable=True,
                ),
                col("old_ticker", "VARCHAR", "", "RENAME only: ticker before ex_date.", nullable=True),
                col("new_ticker", "VARCHAR", "", "RENAME only: ticker from ex_date.", nullable=True),
                IS_SYNTHETIC,
            ],
            ("action_id",),
        ),
    ],
)


def _shifted_session(
    venue: str, variant: int, visible: dt.date, lo: dt.date, hi: dt.date, rng: np.random.Generator
) -> dt.date:
    """``visible`` in variant 0; otherwise a session of ``venue`` in [lo, hi] drawn from the
    window's first half (variant 1) or second half (variant 2), so all three dates differ."""
    if variant == 0:
        return visible
    choices = [d for d in sessions(venue, variant) if lo <= d <= hi and d != visible]
    half = len(choices) // 2
    pool = choices[:half] if variant % 2 else choices[half:]
    return pool[int(rng.integers(len(pool)))]


def generate(
    profile: str, variant: int, parents: Mapping[str, Mapping[str, pd.DataFrame]]
) -> dict[str, pd.DataFrame]:
    """Build D01's tables for ``profile`` and ``variant``."""
    del parents
    uni = universe(profile)
    rng = generator(STREAM, variant)

    securities = pd.DataFrame(
        [
            (
                s.security_id,
                s.ticker,
                s.venue,
                s.name,
                s.asset_class,
                s.sector,
                s.ccy,
                s.issuer_id,
                s.underlying_id,
                s.leverage,
                s.adr_ratio,
                s.lot_size,
                s.tick_size,
                s.list_date,
                s.delist_date,
                True,
            )
            for s in uni.securities
        ],
        columns=DATASET.table("securities").column_names,
    )
    issuers = pd.DataFrame(
        [(i.issuer_id, i.issuer_name, i.country, i.issuer_type, i.sector) for i in uni.issuers],
        columns=DATASET.table("issuers").column_names,
    )
    venues = pd.DataFrame(
        [
            (
                v.venue,
                v.venue_name,
                v.asset_scope,
                v.country,
                v.ccy,
                v.tz,
                v.open_local,
                v.close_local,
                v.lunch_start_local,
                v.lunch_end_local,
                v.early_close_local,
                v.price_limit_pct,
                v.tick_schedule,
            )
            for v in VENUES
        ],
        columns=DATASET.table("venues").column_names,
    )
    calendar = pd.DataFrame(
        [
            (r.venue, r.cal_date, r.is_open, r.early_close, r.close_local, r.holiday_name)
            for r in trading_calendar(variant)
        ],
        columns=DATASET.table("trading_calendar").column_names,
    )
    return {
        "securities": securities,
        "issuers": issuers,
        "venues": venues,
        "trading_calendar": calendar,
        "corporate_actions": _corporate_actions(uni, variant, rng),
    }


def _corporate_actions(uni, variant: int, rng: np.random.Generator) -> pd.DataFrame:
    rows: list[tuple] = []
    ticker, day, ratio = SPLIT
    split_day = _shifted_session("NXS", variant, day, dt.date(2037, 3, 23), dt.date(2037, 5, 8), rng)
    rows.append((uni.sec(ticker).security_id, split_day, "SPLIT", ratio, None, None, None))
    ticker, day, ratio = REVERSE_SPLIT
    rsplit_day = _shifted_session("NXS", variant, day, dt.date(2037, 8, 3), dt.date(2037, 9, 11), rng)
    rows.append((uni.sec(ticker).security_id, rsplit_day, "RSPLIT", ratio, None, None, None))
    for old, new, day in RENAMES:
        when = _shifted_session("NXS", variant, day, dt.date(2037, 2, 2), dt.date(2037, 3, 13), rng)
        rows.append((uni.sec(new).security_id, when, "RENAME", None, None, old, new))
    for s in uni.securities:
        if s.delist_date is not None:
            rows.append((s.security_id, s.delist_date, "DELIST", None, None, None, None))

    # quarterly cash dividends: some US non-tech names and a few Asian names (Asia pays yearly)
    nxs = sessions("NXS", variant)
    for s in uni.securities:
        drng = generator(STREAM, variant, s.security_id)
        if s.asset_class != "EQ" or s.role not in ("broad", "kr_other", "jp_other", "hk_other"):
            continue
        if drng.random() > 0.55:
            continue
        yield_ = drng.uniform(0.01, 0.045)
        if s.venue == "NXS":
            month0 = int(drng.integers(1, 4))
            cash = round(s.base_price * yield_ / 4, 2)
            for k in range(7):
                month = month0 + 3 * k
                year, month = 2036 + (month - 1) // 12, (month - 1) % 12 + 1
                target = dt.date(year, month, int(drng.integers(5, 20)))
                ex = next((d for d in nxs if d >= target), None)
                if ex is not None and (year, month) <= (2037, 9):
                    rows.append((s.security_id, ex, "DIV", None, cash, None, None))
                if k == 3:
                    cash = round(cash * 1.05, 2)
        else:
            venue_sessions = sessions(s.venue, variant)
            target = dt.date(2036, 12, 26) if s.venue == "HNX" else dt.date(2037, 3, 27)
            ex = next(d for d in venue_sessions if d >= target)
            tick = 1.0 if s.venue != "VHK" else 0.01
            cash = round(round(s.base_price * yield_ / tick) * tick, 2)
            rows.append((s.security_id, ex, "DIV", None, cash, None, None))

    rows.sort(key=lambda r: (r[1], r[0], r[2]))
    frame = pd.DataFrame(
        rows, columns=["security_id", "ex_date", "action_type", "ratio", "cash", "old_ticker", "new_ticker"]
    )
    frame.insert(0, "action_id", np.arange(1, len(frame) + 1, dtype=np.int32))
    frame["is_synthetic"] = True
    return frame
