"""D15 Regulatory & exchange announcements, news.

``reg_events`` are announcements by exchanges, regulators and brokers: caution alerts on newly listed
2x funds and on stocks that surge, broker margin changes and loan suspensions in the cracks and the
sell-off, listing halts before the ETP closures (D01's delist dates), a leverage cap at 2x (a 200 %
VaR limit) and one CB_TRIGGER per D14 circuit breaker (built with D14's own function from the same
stored HNXC levels, so D15 needs only D03 and its DuckDB file stays small). ``ts_local`` is raw text in the issuer's own
style (Seoul 'YYYY.MM.DD HH:MM', Tokyo 'YYYY/MM/DD HH:MM', New York 'MM/DD/YYYY hh:MM AM'), ``announced``
its local date, and ``effective`` the venue session it first applies to: the announced date when that
is a session of the venue and the time is before the close, else the next session (the rule holds on
every row). Texts name tickers, some misspelled (swapped or dropped letters, lower case, a '$');
``event_securities`` maps each event to the securities it concerns and keeps the ticker as written.

``news`` are headlines on stock days drawn in proportion to how much the stock moved (from D02's
stored closes), with the correct tickers in ``tickers_mentioned`` and the same misspellings in the
headline; sentiment follows the day's return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from datasets.calendar import VENUE_BY_CODE, sessions
from datasets.d14_macro import circuit_breakers, index_returns
from datasets.dictionary import IS_SYNTHETIC, ChartInfo, DatasetInfo, TableInfo, col
from datasets.seeds import generator

ID = "D15"
STREAM = 15
D = dt.date

AGENCY = {
    "HNX": "Hanseong Exchange Market Surveillance",
    "KYX": "Kiyose Exchange Self-Regulation",
    "NXS": "NXS Market Regulation",
    "VHK": "Victoria Harbour Exchange Listing Division",
}
REGULATOR = {"NXS": "Federal Markets Commission", "HNX": "Hanseong Financial Supervisory Board"}
BROKERS = {
    "HNX": ("Gyeoul Securities Co.", "Bomnal Investment & Securities"),
    "KYX": ("Harunami Securities Co.",),
    "NXS": ("Ostrander Brokerage LLC", "Pellwick Clearing Inc."),
}
TS_STYLE = {"HNX": "%Y.%m.%d %H:%M", "KYX": "%Y/%m/%d %H:%M", "VHK": "%Y-%m-%d %H:%M", "NXS": "%m/%d/%Y %I:%M %p"}
"""strftime format of ts_local by venue (the issuer's house style)."""
MISSPELL_RATE = 0.18
"""Share of ticker mentions written wrongly in texts and headlines."""
NEWS_PER_DAY = {"lite": 2.5, "full": 16.0}
"""Average headlines per NXS session at ordinary volatility (more on big-move days)."""
SURGE_5D = 0.25
"""A stock whose 5-session return exceeds this gets an exchange caution alert (once per 20 sessions)."""
LEVERAGE_CAP_DAY = {"NXS": (D(2037, 7, 8), dt.time(17, 30)), "HNX": (D(2037, 7, 2), dt.time(16, 10))}

DATASET = DatasetInfo(
    id=ID,
    title="Regulatory & exchange announcements, news",
    story=(
        "What exchanges, regulators and brokers announced, and what the news said. Caution alerts pile up "
        "on the new 2x funds and surging chip stocks, brokers raise margins and suspend loans in the "
        "sell-off, circuit breakers fire in Seoul, and in the aftermath a regulator caps leverage at 2x. "
        "Announcements made after the close take effect the next session, and tickers in the texts are "
        "sometimes misspelled."
    ),
    depends_on=("D03",),
    tables=[
        TableInfo(
            "reg_events",
            "One row per announcement. effective = announced when announced is a session of the venue and "
            "the local time is before the venue's close (venues.close_local), else the venue's next session.",
            [
                col("event_id", "INTEGER", "", "Announcement id (in order of announcement)."),
                col("agency", "VARCHAR", "", "Who announced: an exchange, a regulator or a broker (fictional)."),
                col("venue", "VARCHAR", "", "Venue whose sessions the announcement applies to."),
                col(
                    "ts_local",
                    "VARCHAR",
                    "local time text",
                    "Announcement time as published, in the venue's house style: HNX 'YYYY.MM.DD HH:MM', KYX "
                    "'YYYY/MM/DD HH:MM', VHK 'YYYY-MM-DD HH:MM', NXS 'MM/DD/YYYY hh:MM AM/PM'.",
                ),
                col("tz", "VARCHAR", "IANA", "Time zone of ts_local."),
                col(
                    "event_type",
                    "VARCHAR",
                    "",
                    "CAUTION_ALERT, MARGIN_CHANGE, LISTING_HALT, LEVERAGE_CAP or CB_TRIGGER.",
                ),
                col("announced", "DATE", "local", "Local calendar date of ts_local."),
                col("effective", "DATE", "local", "Venue session the announcement first applies to."),
                col("text", "VARCHAR", "", "Announcement text; tickers as written (possibly misspelled)."),
            ],
            ("event_id",),
        ),
        TableInfo(
            "event_securities",
            "Securities an announcement concerns (none for market-wide events such as CB_TRIGGER).",
            [
                col("event_id", "INTEGER", "", "Announcement (reg_events.event_id)."),
                col("security_id", "INTEGER", "", "Security concerned (securities.security_id)."),
                col("ticker_in_text", "VARCHAR", "", "The ticker as written in the text (may be misspelled)."),
                IS_SYNTHETIC,
            ],
            ("event_id", "security_id"),
        ),
        TableInfo(
            "news",
            "Headlines about listed stocks. A headline is about one security's move on one of its sessions.",
            [
                col("news_id", "INTEGER", "", "Headline id (in time order)."),
                col("ts_utc", "TIMESTAMP", "UTC", "Publication time, UTC (no time zone attached), to the second."),
                col("headline", "VARCHAR", "", "Headline text; the ticker may be misspelled."),
                col("tickers_mentioned", "VARCHAR", "", "Correct ticker(s) the headline is about, comma-separated."),
                col("sentiment", "DOUBLE", "-1 .. 1", "Sentiment score (negative = bearish), 3 decimals."),
            ],
            ("news_id",),
        ),
    ],
    charts=(
        ChartInfo(
            "Announcements so far, by type",
            "SELECT d.day, "
            "CAST(SUM(COUNT(e.event_id) FILTER (WHERE e.event_type = 'CAUTION_ALERT')) "
            "OVER (ORDER BY d.day) AS BIGINT) AS CAUTION_ALERT, "
            "CAST(SUM(COUNT(e.event_id) FILTER (WHERE e.event_type = 'MARGIN_CHANGE')) "
            "OVER (ORDER BY d.day) AS BIGINT) AS MARGIN_CHANGE, "
            "CAST(SUM(COUNT(e.event_id) FILTER (WHERE e.event_type NOT IN ('CAUTION_ALERT', 'MARGIN_CHANGE'))) "
            "OVER (ORDER BY d.day) AS BIGINT) AS OTHER "
            "FROM (SELECT DISTINCT cal_date AS day FROM trading_calendar) d "
            "LEFT JOIN reg_events e ON e.announced = d.day GROUP BY d.day ORDER BY 1",
            "Cumulative counts: alerts build up through the euphoria; margin changes and halts cluster in the "
            "sell-off.",
            "announcements",
        ),
        ChartInfo(
            "Headlines per day",
            "SELECT CAST(ts_utc AS DATE) AS day, COUNT(*) AS headlines, "
            "AVG(sentiment) * 10 AS sentiment_x10 FROM news GROUP BY 1 ORDER BY 1",
            "News volume jumps on big-move days; average sentiment (times 10) turns negative in the sell-off.",
            "headlines",
        ),
    ),
)


def generate(profile: str, variant: int, parents: Mapping[str, Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Build reg_events, event_securities and news from D01's securities, D02's closes and D03's HNXC."""
    rng = generator(STREAM, variant)
    sec = parents["D01"]["securities"]
    moves = stock_moves(parents["D02"]["eq_daily"], sec, parents["D01"]["corporate_actions"])
    events: list[tuple] = []  # (venue, agency, local datetime, type, text template, [security_ids])
    events += _caution_alerts(sec, moves, variant, rng)
    events += _margin_changes(sec, rng)
    events += _listing_halts(sec, variant, rng)
    events += _leverage_caps(sec)
    hnxc = index_returns(parents["D03"]["index_levels"], sec, "HNXC")
    events += _cb_triggers(circuit_breakers(hnxc, sec, variant))
    reg, links = _assemble(events, sec, variant, rng)
    return {"reg_events": reg, "event_securities": links, "news": _news(moves, profile, variant)}


def stock_moves(eq: pd.DataFrame, sec: pd.DataFrame, actions: pd.DataFrame) -> pd.DataFrame:
    """Split-adjusted close-to-close returns of the equities (EQ) per session, with ticker and venue
    (a 10:1 split is not a 90 % fall)."""
    stocks = sec.loc[sec["asset_class"] == "EQ", ["security_id", "ticker", "venue"]]
    splits = actions[actions["action_type"].isin(["SPLIT", "RSPLIT"])].rename(columns={"ex_date": "trade_date"})
    splits = splits.groupby(["security_id", "trade_date"], as_index=False)["ratio"].prod()
    bars = eq[["security_id", "trade_date", "close"]].merge(stocks, on="security_id")
    bars = bars.merge(splits, on=["security_id", "trade_date"], how="left")
    bars = bars.sort_values(["security_id", "trade_date"], ignore_index=True)
    # adjusted close: today's close in the units of the first session (divide by the cumulative ratio)
    factor = bars["ratio"].fillna(1.0).groupby(bars["security_id"]).cumprod()
    adj = bars["close"] * factor
    bars["ret"] = adj / adj.groupby(bars["security_id"]).shift(1) - 1
    bars["ret5"] = adj / adj.groupby(bars["security_id"]).shift(5) - 1
    bars["trade_date"] = pd.to_datetime(bars["trade_date"]).dt.date
    return bars.dropna(subset=["ret"])[["security_id", "ticker", "venue", "trade_date", "ret", "ret5"]]


def misspell(ticker: str, rng: np.random.Generator, taken: set[str]) -> str:
    """The ticker written wrongly: two letters swapped, one dropped, lower case or a '$' prefix;
    never another security's real ticker."""
    kind = int(rng.integers(0, 4))
    if kind == 0 and len(ticker) > 2:
        i = int(rng.integers(1, len(ticker) - 1))
        out = ticker[:i] + ticker[i + 1] + ticker[i] + ticker[i + 2 :]
    elif kind == 1 and len(ticker) > 3:
        i = int(rng.integers(1, len(ticker)))
        out = ticker[:i] + ticker[i + 1 :]
    elif kind == 2:
        out = ticker.lower()
    else:
        out = "$" + ticker
    return out if out != ticker and out not in taken else "$" + ticker


def _local(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute)


def _caution_alerts(sec, moves, variant, rng) -> list[tuple]:
    out = []
    # new leveraged funds on Asian venues: an alert one to three sessions after listing
    etps = sec[(sec["asset_class"] == "ETP") & sec["venue"].isin(["HNX", "KYX", "VHK"])]
    for sid, venue, listed in zip(etps["security_id"], etps["venue"], etps["list_date"], strict=True):
        listed = pd.Timestamp(listed).date()
        days = [d for d in sessions(venue, variant) if d > listed][:3]
        if not days:
            continue
        day = days[int(rng.integers(0, len(days)))]
        text = "Investor caution: {t} is a newly listed 2x leveraged fund; losses can exceed twice the index move."
        out.append((venue, AGENCY[venue], _local(day, *_time(rng)), "CAUTION_ALERT", text, [sid]))
    # surging stocks: at most one alert per stock per 20 sessions
    hot = moves[moves["ret5"] > SURGE_5D]
    for sid, grp in hot.groupby("security_id"):
        last = None
        for day, venue, r5 in zip(grp["trade_date"], grp["venue"], grp["ret5"], strict=True):
            if last is not None and (day - last).days < 28:
                continue
            last = day
            text = f"Caution alert: {{t}} rose {r5 * 100:.1f}% over five sessions; check disclosures before trading."
            out.append(
                (venue, AGENCY.get(venue, AGENCY["NXS"]), _local(day, *_time(rng)), "CAUTION_ALERT", text, [sid])
            )
    return out


def _time(rng) -> tuple[int, int]:
    """A local announcement time: mostly during or just after the session, some before the open."""
    hour = int(rng.choice([7, 8, 10, 11, 13, 14, 15, 16, 17, 18]))
    return hour, int(rng.integers(0, 60))


def _margin_changes(sec, rng) -> list[tuple]:
    out = []
    stress = [
        D(2037, 5, 28),
        D(2037, 6, 2),
        D(2037, 6, 12),
        D(2037, 6, 15),
        D(2037, 6, 16),
        D(2037, 6, 17),
        D(2037, 6, 18),
        D(2037, 6, 22),
    ]
    for venue, brokers in BROKERS.items():
        pool = sec[(sec["venue"] == venue) & sec["asset_class"].isin(["EQ", "ETP"])]
        lev = pool[pool["leverage"].abs() >= 2]
        for broker in brokers:
            for day in stress:
                if rng.random() > 0.45:
                    continue
                if len(lev) and rng.random() < 0.5:
                    ids = list(rng.choice(lev["security_id"].to_numpy(), size=min(len(lev), 2), replace=False))
                    text = broker + " suspends new margin loans on {t} until further notice."
                else:
                    k = min(len(pool), int(rng.integers(1, 4)))
                    ids = list(rng.choice(pool["security_id"].to_numpy(), size=k, replace=False))
                    pct = int(rng.choice([40, 50, 60, 100]))
                    text = broker + f" raises the initial margin on {{t}} to {pct}%."
                out.append((venue, broker, _local(day, *_time(rng)), "MARGIN_CHANGE", text, ids))
    return out


def _listing_halts(sec, variant, rng) -> list[tuple]:
    out = []
    gone = sec[sec["delist_date"].notna()]
    for sid, venue, delist in zip(gone["security_id"], gone["venue"], gone["delist_date"], strict=True):
        delist = pd.Timestamp(delist).date()
        before = [d for d in sessions(venue, variant) if d < delist][-12:-8]
        if not before:
            continue
        day = before[int(rng.integers(0, len(before)))]
        text = f"{{t}} will be delisted after the close of {delist:%Y-%m-%d}; trading halts on the last session."
        out.append(
            (
                venue,
                AGENCY.get(venue, AGENCY["NXS"]),
                _local(day, 18, int(rng.integers(0, 60))),
                "LISTING_HALT",
                text,
                [sid],
            )
        )
    return out


def _leverage_caps(sec) -> list[tuple]:
    out = []
    for venue, (day, at) in LEVERAGE_CAP_DAY.items():
        over = sec[(sec["venue"] == venue) & (sec["asset_class"] == "ETP") & (sec["leverage"].abs() > 2)]
        text = (
            f"{REGULATOR[venue]}: funds may not exceed 2x daily leverage (a 200% VaR limit); "
            "{t} must reduce leverage or close."
        )
        out.append(
            (venue, REGULATOR[venue], _local(day, at.hour, at.minute), "LEVERAGE_CAP", text, list(over["security_id"]))
        )
    return out


def _cb_triggers(cb: pd.DataFrame) -> list[tuple]:
    out = []
    for day, level, ret, at, halt in zip(
        cb["trade_date"],
        cb["cb_level"],
        cb["index_return_pct"],
        cb["trigger_time_local"],
        cb["halt_minutes"],
        strict=True,
    ):
        day = pd.Timestamp(day).date()
        text = (
            f"Circuit breaker level {level}: HNXC down {abs(ret):.2f}% on the day; "
            f"all trading halted for {halt} minutes."
        )
        out.append(("HNX", AGENCY["HNX"], _local(day, at.hour, at.minute), "CB_TRIGGER", text, []))
    return out


def effective_session(venue: str, local: dt.datetime, variant: int) -> dt.date:
    """The session an announcement at ``local`` (venue time) first applies to."""
    days = sessions(venue, variant)
    close = VENUE_BY_CODE[venue].close_local
    if local.date() in set(days) and local.time() < close:
        return local.date()
    return next(d for d in days if d > local.date())


def _assemble(events, sec, variant, rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    ticker = dict(zip(sec["security_id"], sec["ticker"], strict=True))
    taken = set(sec["ticker"])
    events = sorted(events, key=lambda e: (e[2], e[0], e[3], e[4]))
    rows, links = [], []
    for event_id, (venue, agency, local, kind, template, ids) in enumerate(events, start=1):
        written = []
        for sid in ids:
            t = ticker[sid]
            w = misspell(t, rng, taken) if rng.random() < MISSPELL_RATE else t
            written.append(w)
            links.append((event_id, int(sid), w))
        text = template.replace("{t}", ", ".join(written) if written else "listed funds")
        rows.append(
            (
                event_id,
                agency,
                venue,
                local.strftime(TS_STYLE[venue]),
                VENUE_BY_CODE[venue].tz,
                kind,
                local.date(),
                effective_session(venue, local, variant),
                text,
            )
        )
    reg = pd.DataFrame(rows, columns=DATASET.table("reg_events").column_names)
    reg["event_id"] = reg["event_id"].astype(np.int32)
    for c in ("announced", "effective"):
        reg[c] = np.array(reg[c].tolist(), dtype="datetime64[D]")
    link = pd.DataFrame(links, columns=["event_id", "security_id", "ticker_in_text"])
    link = link.drop_duplicates(["event_id", "security_id"]).sort_values(["event_id", "security_id"], ignore_index=True)
    link["event_id"] = link["event_id"].astype(np.int32)
    link["security_id"] = link["security_id"].astype(np.int32)
    link["is_synthetic"] = True
    return reg, link


HEADLINES_UP = (
    "{t} jumps {p}% as AI demand lifts chip orders",
    "{t} rallies {p}%; analysts raise targets",
    "Buyers pile into {t}, up {p}%",
)
HEADLINES_DOWN = (
    "{t} slides {p}% as leveraged funds sell",
    "{t} falls {p}% amid margin calls",
    "Selling hits {t}, down {p}%",
)
HEADLINES_FLAT = ("{t} little changed ({p}%) as traders wait", "{t} ends flat, moving {p}%")
PUBLISH_HOURS_UTC = {"NXS": (13, 23), "HNX": (0, 9), "KYX": (0, 9), "VHK": (1, 10)}
"""Range of UTC hours in which headlines about a venue's stocks are published (around its session)."""


def _news(moves: pd.DataFrame, profile: str, variant: int) -> pd.DataFrame:
    rng = generator(STREAM, variant, 1)
    taken = set(moves["ticker"])
    n_days = moves["trade_date"].nunique()
    weight = 0.2 + (moves["ret"].abs().to_numpy() / 0.02) ** 2
    total = int(NEWS_PER_DAY[profile] * n_days)
    pick = np.sort(rng.choice(len(moves), size=total, replace=True, p=weight / weight.sum()))
    rows = moves.iloc[pick].reset_index(drop=True)
    lo = rows["venue"].map(lambda v: PUBLISH_HOURS_UTC[v][0]).to_numpy()
    hi = rows["venue"].map(lambda v: PUBLISH_HOURS_UTC[v][1]).to_numpy()
    seconds = (lo * 3600 + rng.random(total) * (hi - lo) * 3600).astype(np.int64)
    ts = pd.to_datetime(rows["trade_date"]) + pd.to_timedelta(seconds, unit="s")
    templates = rng.integers(0, 3, total)
    wrong = rng.random(total) < MISSPELL_RATE
    heads = []
    for i, (t, r) in enumerate(zip(rows["ticker"], rows["ret"], strict=True)):
        written = misspell(t, rng, taken) if wrong[i] else t
        bank = HEADLINES_UP if r > 0.01 else HEADLINES_DOWN if r < -0.01 else HEADLINES_FLAT
        heads.append(bank[templates[i] % len(bank)].format(t=written, p=f"{abs(r) * 100:.1f}"))
    sentiment = np.clip(np.tanh(rows["ret"].to_numpy() * 25) + rng.normal(0, 0.25, total), -1, 1)
    news = pd.DataFrame(
        {
            "ts": ts,
            "headline": heads,
            "tickers_mentioned": rows["ticker"].to_numpy(),
            "sentiment": np.round(sentiment, 3) + 0.0,
        }
    ).sort_values(["ts", "tickers_mentioned", "headline"], kind="stable", ignore_index=True)
    news.insert(0, "news_id", np.arange(1, len(news) + 1, dtype=np.int32))
    # whole seconds, naive UTC, as datetime64[us]: the dictionary's TIMESTAMP
    news.insert(1, "ts_utc", news.pop("ts").astype("datetime64[us]"))
    return news
