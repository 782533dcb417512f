"""R1 Real index history: the S&P 500 and the NASDAQ Composite, daily 1999-2018, from ``arch``.

The one dataset that is not simulated. ``arch`` (the ARCH-models package) ships both histories in
the wheel (``arch.data.sp500.load()``, ``arch.data.nasdaq.load()``, 5,031 sessions each, no network),
so they are read from the package at build time rather than re-shipped. The values are stored
exactly as the package parses them.

Real data has one truth, so the variants are windows: each variant is a different contiguous
window of the history (``WINDOWS``), and an answer typed in from the visible window fails on a
hidden one. R1 depends on D02 (hence D01): its DuckDB file also holds the simulated daily bars, so
a problem can set the simulated episode beside real markets (problem 6 does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache

import pandas as pd

from datasets.dictionary import ChartInfo, ColumnInfo, DatasetInfo, TableInfo, col

ID = "R1"
D = dt.date

WINDOWS: dict[str, dict[int, tuple[dt.date, dt.date]]] = {
    # full: the whole history is visible; each hidden variant drops five years from one end.
    "full": {
        0: (D(1999, 1, 1), D(2018, 12, 31)),
        1: (D(1999, 1, 1), D(2013, 12, 31)),
        2: (D(2004, 1, 1), D(2018, 12, 31)),
    },
    # lite: four calendar years each, three different eras (2018's volatility spike, the 2008
    # crisis, the dot-com bust).
    "lite": {
        0: (D(2015, 1, 1), D(2018, 12, 31)),
        1: (D(2007, 1, 1), D(2010, 12, 31)),
        2: (D(1999, 1, 1), D(2002, 12, 31)),
    },
}
"""Profile -> variant -> first and last calendar date (inclusive) of the window."""

INDICES: tuple[tuple[str, str, str], ...] = (
    ("SPX", "S&P 500", "arch.data.sp500.load()"),
    ("COMP", "NASDAQ Composite", "arch.data.nasdaq.load()"),
)
"""index_code, index name and the ``arch`` loader each history comes from."""

NOT_SYNTHETIC = ColumnInfo(
    "is_synthetic",
    "BOOLEAN",
    "",
    "Always FALSE: these are real market data (see the dataset's story), not simulated.",
)

DATASET = DatasetInfo(
    id=ID,
    title="Real index history (S&P 500, NASDAQ)",
    story=(
        "REAL market data, not simulated: daily open, high, low, close, adjusted close and volume of "
        "the S&P 500 and the NASDAQ Composite from 1999 to 2018, as shipped offline by the Python "
        "package arch (Kevin Sheppard; arch.data.sp500 and arch.data.nasdaq, 'the S&P 500 data used "
        "in the examples'; its README fetches the S&P series from Yahoo Finance), distributed with "
        "that package under its University of Illinois/NCSA open-source licence. Use it to check the "
        "simulated episode's stylized facts (fat tails, volatility clustering) against real markets: "
        "this dataset's file also holds D02's simulated daily bars, and each grading variant is a "
        "different window of the real history."
    ),
    depends_on=("D02",),
    tables=[
        TableInfo(
            "real_indices",
            "One row per real index in real_index_daily: its name and where the history comes from.",
            [
                col("index_code", "VARCHAR", "", "SPX (S&P 500) or COMP (NASDAQ Composite)."),
                col("index_name", "VARCHAR", "", "The index's name."),
                col("ccy", "VARCHAR", "ISO 4217", "Currency of the index points (USD)."),
                col("source", "VARCHAR", "", "The arch package function the history is loaded from."),
                NOT_SYNTHETIC,
            ],
            ("index_code",),
        ),
        TableInfo(
            "real_index_daily",
            "One row per index per US trading session inside this variant's window of 1999-2018: real "
            "index levels and volume exactly as the arch package ships them (doubles, not rounded).",
            [
                col("index_code", "VARCHAR", "", "real_indices.index_code: SPX or COMP."),
                col("trade_date", "DATE", "New York", "Session date."),
                col("open", "DOUBLE", "index points", "Opening level."),
                col("high", "DOUBLE", "index points", "Highest level of the session."),
                col("low", "DOUBLE", "index points", "Lowest level of the session."),
                col("close", "DOUBLE", "index points", "Closing level."),
                col(
                    "adj_close",
                    "DOUBLE",
                    "index points",
                    "Adjusted close as the source reports it (equal to close for these price indices).",
                ),
                col(
                    "volume",
                    "BIGINT",
                    "shares",
                    "Shares traded in the index's constituents as the source reports it; 0 on two "
                    "NASDAQ sessions where the source lost it (2015-05-12, 2018-01-09).",
                ),
                NOT_SYNTHETIC,
            ],
            ("index_code", "trade_date"),
        ),
    ],
    is_real=True,
    charts=(
        ChartInfo(
            "NASDAQ Composite and S&P 500 (real)",
            "SELECT trade_date, max(close) FILTER (WHERE index_code = 'COMP') AS \"NASDAQ\", "
            "max(close) FILTER (WHERE index_code = 'SPX') AS \"S&P 500\" FROM real_index_daily GROUP BY 1 ORDER BY 1",
            "Real closes from the arch package, 1999-2018: the dot-com bust is the real analog of the sell-off.",
            "index level",
        ),
    ),
)


@cache
def _history(loader: str) -> pd.DataFrame:
    """One index's full history as the package parses it (Date index, OHLC, Adj Close, Volume).
    Cached: callers filter it and never modify it."""
    from arch.data import nasdaq, sp500

    return {"arch.data.sp500.load()": sp500, "arch.data.nasdaq.load()": nasdaq}[loader].load()


def generate(
    profile: str, variant: int, parents: Mapping[str, Mapping[str, pd.DataFrame]]
) -> dict[str, pd.DataFrame]:
    """R1's tables for ``profile`` and ``variant``: the variant's window of each real history."""
    del parents
    first, last = WINDOWS[profile][variant]
    frames = []
    for code, _, loader in INDICES:
        raw = _history(loader)
        dates = raw.index.date
        raw = raw[(dates >= first) & (dates <= last)]
        frames.append(
            pd.DataFrame(
                {
                    "index_code": code,
                    "trade_date": raw.index.date,
                    "open": raw["Open"].to_numpy(float),
                    "high": raw["High"].to_numpy(float),
                    "low": raw["Low"].to_numpy(float),
                    "close": raw["Close"].to_numpy(float),
                    "adj_close": raw["Adj Close"].to_numpy(float),
                    "volume": raw["Volume"].to_numpy("int64"),
                    "is_synthetic": False,
                }
            )
        )
    daily = pd.concat(frames, ignore_index=True)
    indices = pd.DataFrame(
        [(code, name, "USD", loader, False) for code, name, loader in INDICES],
        columns=DATASET.table("real_indices").column_names,
    )
    return {"real_indices": indices, "real_index_daily": daily[DATASET.table("real_index_daily").column_names]}
