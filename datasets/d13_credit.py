"""D13 AI-infrastructure credit: issuers, quarterly fundamentals, daily CDS, bond issues, guidance.

Ten credit names in four segments: investment-grade cloud (IG_CLOUD), neoclouds (NEOCLOUD), chip
makers (CHIP) and a data-centre developer (DATACENTER). Five are D01 issuers (their ``issuer_id`` joins
``issuers`` and ``security_id`` joins their stock); five exist only in credit markets and use their
own id range, 9001-9005 (``credit_issuers.in_d01`` is FALSE), so they never collide with D01's ids.

CDS spreads are driven by D03's *stored* SACI levels: the log spread of a name is a slowly rising
segment anchor plus a persistent component that takes -beta times a distributed lag of SACI's log
return over the same session and the three before it (weights ``SPILL_WEIGHTS``), plus noise. So
spreads widen the day chips fall (as real CDS do) and keep widening one to three sessions later, the
credit market's slower spillover (IG cloud ~30 -> ~150 bp, neoclouds ~700 bp after the sell-off).
Fiscal years end in different months by issuer, so fiscal quarters do not match calendar quarters.
Bond coupons price off the flat 4.5 % USD rate D06/D07 and D14's policy_rates use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from datasets.calendar import sessions
from datasets.dictionary import IS_SYNTHETIC, ChartInfo, DatasetInfo, TableInfo, col
from datasets.seeds import generator

ID = "D13"
STREAM = 13
D = dt.date

USD_RATE_PCT = 4.5
"""Flat USD rate (%), the same as D06/D07's risk-free rate and D14's USD policy rate."""
SPILL_WEIGHTS = (0.2, 0.45, 0.2, 0.15)
"""Weights of SACI's log return 0 (the same session), 1, 2 and 3 sessions earlier in a name's
log-spread change. They sum to 1, so the sell-off's total repricing does not depend on the split;
the heaviest is lag 1 (credit follows equity), and the same-session share makes the day-0 correlation
clearly negative (about -0.4), as real CDS-equity moves are."""
NEW_ISSUER_BASE = 9001
"""First issuer_id of the credit-only issuers (D01's issuers are numbered from 1)."""


@dataclass(frozen=True)
class CreditName:
    """One credit issuer: id, name, segment, rating, fiscal-year end month, D01 stock ticker or None,
    a spread multiplier on the segment anchor and whether lite includes it."""

    issuer_id: int
    name: str
    segment: str
    rating: str
    fy_end_month: int
    ticker: str | None
    mult: float
    lite: bool


NAMES: tuple[CreditName, ...] = (
    CreditName(20, "Veridian Cloud Platforms Inc.", "IG_CLOUD", "A", 6, "ZVDC", 1.0, True),
    CreditName(9001, "Cirrovale Hyperscale Corp.", "IG_CLOUD", "AA-", 12, None, 0.8, True),
    CreditName(9002, "Nimbrel Compute Inc.", "IG_CLOUD", "A-", 9, None, 1.25, False),
    CreditName(21, "Zelda Labs AI Inc.", "NEOCLOUD", "BB-", 1, "ZLAI", 0.85, True),
    CreditName(9003, "Strathgrid AI Cloud Inc.", "NEOCLOUD", "B+", 12, None, 1.0, True),
    CreditName(9004, "Halverd GPU Cloud Corp.", "NEOCLOUD", "B", 3, None, 1.2, False),
    CreditName(7, "Voltaic Logic Inc.", "CHIP", "A+", 1, "ZVLT", 0.8, True),
    CreditName(8, "Quarcane Semiconductor Corp.", "CHIP", "BBB+", 12, "ZQRC", 1.1, False),
    CreditName(11, "Memoria Systems Inc.", "CHIP", "BBB-", 8, "ZMRY", 1.4, False),
    CreditName(9005, "Terravolt Data Centers Inc.", "DATACENTER", "BB", 12, None, 1.0, True),
)

# Segment anchors of the 5Y spread (bp) at dates between which the log anchor is linear (the credit
# repricing of the build-out); the lagged SACI spillover (beta) moves spreads around them: tighter in
# the rally, about twice as wide just after the sell-off. Tuned on lite and full so IG cloud goes
# ~30 -> ~150 and neoclouds end near 700 bp.
ANCHORS: dict[str, tuple[tuple[dt.date, float], ...]] = {
    "IG_CLOUD": ((D(2036, 1, 1), 30.0), (D(2037, 5, 27), 45.0), (D(2037, 6, 11), 50.0), (D(2037, 9, 30), 210.0)),
    "NEOCLOUD": ((D(2036, 1, 1), 250.0), (D(2037, 5, 27), 330.0), (D(2037, 6, 11), 340.0), (D(2037, 9, 30), 960.0)),
    "CHIP": ((D(2036, 1, 1), 45.0), (D(2037, 5, 27), 50.0), (D(2037, 6, 11), 52.0), (D(2037, 9, 30), 130.0)),
    "DATACENTER": ((D(2036, 1, 1), 150.0), (D(2037, 5, 27), 220.0), (D(2037, 6, 11), 230.0), (D(2037, 9, 30), 620.0)),
}
BETA = {"IG_CLOUD": 2.6, "NEOCLOUD": 2.3, "CHIP": 1.6, "DATACENTER": 2.0}
"""Log-spread response to a unit SACI log return (spread up when chips fall)."""
PERSISTENCE = 0.97
"""Daily AR(1) coefficient of the spillover component (half-life ~23 sessions); the lasting repricing
after the sell-off is in the anchors."""
NOISE_SD = 0.012
"""Daily idiosyncratic log-spread noise (AR(1) with coefficient NOISE_PHI), before regime scaling."""
NOISE_PHI = 0.7
TENORS = {"lite": ("5Y",), "full": ("1Y", "5Y")}

DATASET = DatasetInfo(
    id=ID,
    title="AI-infrastructure credit",
    story=(
        "The credit side of the AI build-out: cloud platforms, neoclouds, chip makers and a data-centre "
        "developer with their quarterly capex, backlog, debt and lease commitments, their bonds, their "
        "guidance and daily credit-default-swap spreads. Spreads widen the day chip stocks fall and "
        "keep widening for one to three sessions: investment-grade cloud CDS goes from about 30 bp to "
        "about 150 bp and the neoclouds end near 700 bp."
    ),
    depends_on=("D03",),
    tables=[
        TableInfo(
            "credit_issuers",
            "One row per credit name. issuer_id joins D01's issuers where in_d01 is TRUE; the credit-only "
            "names use ids from 9001.",
            [
                col("issuer_id", "INTEGER", "", "Issuer (issuers.issuer_id when in_d01; else 9001 and up)."),
                col("issuer_name", "VARCHAR", "", "Legal name (fictional)."),
                col("segment", "VARCHAR", "", "IG_CLOUD, NEOCLOUD, CHIP or DATACENTER."),
                col("rating", "VARCHAR", "", "Senior unsecured rating at the start of 2036 (fictional agency)."),
                col("fy_end_month", "INTEGER", "month", "Month (1-12) in which the issuer's fiscal year ends."),
                col("security_id", "INTEGER", "", "The issuer's listed stock (securities.security_id).", True),
                col("in_d01", "BOOLEAN", "", "TRUE when issuer_id is a row of D01's issuers."),
                IS_SYNTHETIC,
            ],
            ("issuer_id",),
        ),
        TableInfo(
            "fundamentals_q",
            "One row per issuer per fiscal quarter reported by 2037-09-30. Fiscal quarter 4 ends in "
            "fy_end_month; fiscal_year is the calendar year in which the fiscal year ends.",
            [
                col("issuer_id", "INTEGER", "", "Issuer (credit_issuers.issuer_id)."),
                col("fiscal_year", "INTEGER", "", "Fiscal year (the calendar year of its last month)."),
                col("fiscal_quarter", "INTEGER", "", "Fiscal quarter 1-4."),
                col("period_end", "DATE", "", "Last day of the fiscal quarter."),
                col("report_date", "DATE", "", "Date the quarter was reported (an NXS session)."),
                col("capex", "DOUBLE", "USD m", "Capital expenditure in the quarter."),
                col("backlog", "DOUBLE", "USD m", "Contracted revenue not yet recognized, at period end."),
                col("debt", "DOUBLE", "USD m", "Total financial debt at period end."),
                col("lease_commit", "DOUBLE", "USD m", "Future data-centre lease payments committed, at period end."),
                IS_SYNTHETIC,
            ],
            ("issuer_id", "fiscal_year", "fiscal_quarter"),
        ),
        TableInfo(
            "cds_daily",
            "Closing CDS par spread per issuer, tenor and NXS session.",
            [
                col("issuer_id", "INTEGER", "", "Reference entity (credit_issuers.issuer_id)."),
                col("trade_date", "DATE", "", "NXS session."),
                col("tenor", "VARCHAR", "", "Contract tenor: 5Y (both profiles) and 1Y (full only)."),
                col("spread_bp", "DOUBLE", "bp", "Par spread, 2 decimals."),
                IS_SYNTHETIC,
            ],
            ("issuer_id", "trade_date", "tenor"),
        ),
        TableInfo(
            "bond_issues",
            "Senior bonds issued 2036-01-02 .. 2037-09-30. coupon_pct = 4.5 (the flat USD rate) + "
            "(5Y CDS spread on issue_date + new_issue_premium_bp) / 100, rounded to 3 decimals.",
            [
                col("bond_id", "INTEGER", "", "Bond id."),
                col("issuer_id", "INTEGER", "", "Issuer (credit_issuers.issuer_id)."),
                col("issue_date", "DATE", "", "Pricing date (an NXS session)."),
                col("maturity_date", "DATE", "", "Maturity date."),
                col("amount", "DOUBLE", "USD m", "Principal issued."),
                col("new_issue_premium_bp", "DOUBLE", "bp", "Concession over the issuer's 5Y CDS that day."),
                col("coupon_pct", "DOUBLE", "% per year", "Fixed coupon."),
                IS_SYNTHETIC,
            ],
            ("bond_id",),
        ),
        TableInfo(
            "guidance_events",
            "Capex guidance for the next fiscal quarter, given on each report_date of fundamentals_q.",
            [
                col("issuer_id", "INTEGER", "", "Issuer (credit_issuers.issuer_id)."),
                col("event_date", "DATE", "", "Date of the guidance (the report_date)."),
                col(
                    "event_type",
                    "VARCHAR",
                    "",
                    "INITIAL (first row per issuer), else RAISE, CUT or REAFFIRM (within 2 %) versus prior_guide.",
                ),
                col("prior_guide", "DOUBLE", "USD m", "Previous capex guidance; NULL for the first.", True),
                col("new_guide", "DOUBLE", "USD m", "Capex guided for the next fiscal quarter."),
                IS_SYNTHETIC,
            ],
            ("issuer_id", "event_date"),
        ),
    ],
    charts=(
        ChartInfo(
            "5Y CDS spread by segment",
            "SELECT c.trade_date, "
            "AVG(c.spread_bp) FILTER (WHERE i.segment = 'IG_CLOUD') AS IG_CLOUD, "
            "AVG(c.spread_bp) FILTER (WHERE i.segment = 'NEOCLOUD') AS NEOCLOUD, "
            "AVG(c.spread_bp) FILTER (WHERE i.segment = 'CHIP') AS CHIP "
            "FROM cds_daily c JOIN credit_issuers i USING (issuer_id) WHERE c.tenor = '5Y' "
            "GROUP BY 1 ORDER BY 1",
            "Spreads drift wider through the build-out, then jump a few sessions after the chip sell-off.",
            "bp",
        ),
    ),
)


def generate(profile: str, variant: int, parents: Mapping[str, Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Build D13's tables; CDS spreads follow D03's stored SACI levels the same session and 1-3 later."""
    names = [n for n in NAMES if profile == "full" or n.lite]
    securities = parents["D01"]["securities"]
    days = sessions("NXS", variant)
    saci_ret = saci_log_returns(parents["D03"]["index_levels"], securities, days)
    cds = _cds(names, days, saci_ret, profile, variant)
    fundamentals = _fundamentals(names, days, variant)
    return {
        "credit_issuers": _issuers(names, securities),
        "fundamentals_q": fundamentals,
        "cds_daily": cds,
        "bond_issues": _bonds(names, days, cds, variant),
        "guidance_events": _guidance(fundamentals, variant),
    }


def saci_log_returns(levels: pd.DataFrame, securities: pd.DataFrame, days) -> np.ndarray:
    """SACI's log return on each NXS session (0 on the first), from its stored levels."""
    saci_id = int(securities.loc[securities["ticker"] == "SACI", "security_id"].iloc[0])
    lv = levels[levels["index_id"] == saci_id].sort_values("trade_date")
    if len(lv) != len(days):
        raise ValueError("SACI levels do not cover every NXS session")
    return np.concatenate([[0.0], np.diff(np.log(lv["level"].to_numpy(float)))])


def spillover_signal(saci_ret: np.ndarray) -> np.ndarray:
    """sum_k SPILL_WEIGHTS[k] * r_{t-k} for k = 0..3 (lags before the history starts count as zero)."""
    out = SPILL_WEIGHTS[0] * saci_ret
    for k, w in enumerate(SPILL_WEIGHTS[1:], start=1):
        out[k:] += w * saci_ret[:-k]
    return out


def _anchor(segment: str, days) -> np.ndarray:
    ordinal = np.array([d.toordinal() for d in days], dtype=float)
    xs = [d.toordinal() for d, _ in ANCHORS[segment]]
    ys = np.log([v for _, v in ANCHORS[segment]])
    return np.interp(ordinal, xs, ys)


def _cds(names, days, saci_ret, profile: str, variant: int) -> pd.DataFrame:
    signal = spillover_signal(saci_ret)
    stressed = np.array([d >= D(2037, 5, 28) for d in days])
    frames = []
    for name in names:
        rng = generator(STREAM, variant, name.issuer_id)
        n = len(days)
        spill = np.zeros(n)
        noise = np.zeros(n)
        eps = rng.normal(0.0, NOISE_SD, n) * np.where(stressed, 1.8, 1.0)
        for t in range(1, n):
            spill[t] = PERSISTENCE * spill[t - 1] - BETA[name.segment] * signal[t]
            noise[t] = NOISE_PHI * noise[t - 1] + eps[t]
        log5 = _anchor(name.segment, days) + np.log(name.mult) + spill + noise
        s5 = np.round(np.exp(log5), 2)
        frames.append(_cds_frame(name.issuer_id, days, "5Y", s5))
        if "1Y" in TENORS[profile]:
            # the curve flattens, then inverts, as default risk moves closer (1Y > 5Y above ~500 bp)
            ratio = np.clip(0.45 * (s5 / 100.0) ** 0.42, 0.3, 1.4)
            frames.append(_cds_frame(name.issuer_id, days, "1Y", np.round(s5 * ratio, 2)))
    return pd.concat(frames, ignore_index=True).sort_values(["issuer_id", "trade_date", "tenor"], ignore_index=True)


def _cds_frame(issuer_id: int, days, tenor: str, spread: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "issuer_id": np.int32(issuer_id),
            "trade_date": np.array(days, dtype="datetime64[D]"),
            "tenor": tenor,
            "spread_bp": spread,
            "is_synthetic": True,
        }
    )


def _issuers(names, securities: pd.DataFrame) -> pd.DataFrame:
    sid = dict(zip(securities["ticker"], securities["security_id"], strict=True))
    return pd.DataFrame(
        {
            "issuer_id": np.array([n.issuer_id for n in names], dtype=np.int32),
            "issuer_name": [n.name for n in names],
            "segment": [n.segment for n in names],
            "rating": [n.rating for n in names],
            "fy_end_month": np.array([n.fy_end_month for n in names], dtype=np.int32),
            "security_id": pd.array([sid[n.ticker] if n.ticker else None for n in names], dtype="Int32"),
            "in_d01": [n.issuer_id < NEW_ISSUER_BASE for n in names],
            "is_synthetic": True,
        }
    ).sort_values("issuer_id", ignore_index=True)


def _month_end(year: int, month: int) -> dt.date:
    nxt = D(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def fiscal_quarter_ends(fy_end_month: int, first: dt.date, last: dt.date) -> list[tuple[int, int, dt.date]]:
    """(fiscal_year, fiscal_quarter, period_end) of every fiscal quarter ending in [first, last]."""
    out = []
    for year in range(first.year, last.year + 2):
        for q in range(1, 5):
            months = year * 12 + (fy_end_month - 1) - 3 * (4 - q)  # Q4 ends in fy_end_month of `year`
            end = _month_end(months // 12, months % 12 + 1)
            if first <= end <= last:
                out.append((year, q, end))
    return sorted(out, key=lambda x: x[2])


def _next_session(days, day: dt.date) -> dt.date:
    pos = np.searchsorted(np.array(days, dtype="datetime64[D]"), np.datetime64(day, "D"))
    return days[min(int(pos), len(days) - 1)]


def _fundamentals(names, days, variant: int) -> pd.DataFrame:
    rows = []
    for name in names:
        rng = generator(STREAM, variant, 50_000 + name.issuer_id)
        scale = {"IG_CLOUD": 9000.0, "NEOCLOUD": 1500.0, "CHIP": 2500.0, "DATACENTER": 1200.0}[name.segment]
        scale *= rng.uniform(0.6, 1.4)
        quarters = fiscal_quarter_ends(name.fy_end_month, D(2035, 10, 1), D(2037, 8, 31))
        growth = {"IG_CLOUD": 0.09, "NEOCLOUD": 0.16, "CHIP": 0.05, "DATACENTER": 0.12}[name.segment]
        debt = scale * rng.uniform(2.0, 4.0)
        lease = scale * rng.uniform(1.5, 5.0)
        backlog = scale * rng.uniform(3.0, 6.0)
        for k, (fy, fq, end) in enumerate(quarters):
            report = _next_session(days, end + dt.timedelta(days=int(rng.integers(25, 46))))
            if report > days[-1] or report <= end:
                continue
            capex = scale * (1 + growth) ** k * rng.lognormal(0.0, 0.06)
            debt += capex * rng.uniform(0.3, 0.8) if name.segment != "CHIP" else capex * rng.uniform(-0.1, 0.2)
            lease += capex * rng.uniform(0.2, 0.6)
            backlog *= (1 + growth) * rng.lognormal(0.0, 0.05)
            rows.append((name.issuer_id, fy, fq, end, report, capex, backlog, debt, lease))
    cols = [
        "issuer_id",
        "fiscal_year",
        "fiscal_quarter",
        "period_end",
        "report_date",
        "capex",
        "backlog",
        "debt",
        "lease_commit",
    ]
    f = pd.DataFrame(rows, columns=cols)
    for c in ("capex", "backlog", "debt", "lease_commit"):
        f[c] = f[c].round(1)
    for c in ("issuer_id", "fiscal_year", "fiscal_quarter"):
        f[c] = f[c].astype(np.int32)
    for c in ("period_end", "report_date"):
        f[c] = np.array(f[c].tolist(), dtype="datetime64[D]")
    f["is_synthetic"] = True
    return f.sort_values(["issuer_id", "fiscal_year", "fiscal_quarter"], ignore_index=True)


def _bonds(names, days, cds: pd.DataFrame, variant: int) -> pd.DataFrame:
    rng = generator(STREAM, variant, 90_000)
    five = cds[cds["tenor"] == "5Y"].set_index(["issuer_id", "trade_date"])["spread_bp"]
    day_arr = np.array(days, dtype="datetime64[D]")
    # issuance is heaviest in the euphoria; nobody prices a deal in the sell-off week
    weight = np.array([3.0 if D(2036, 10, 1) <= d <= D(2037, 6, 11) else 1.0 for d in days])
    weight[[(D(2037, 6, 12) <= d <= D(2037, 6, 23)) for d in days]] = 0.0
    rows = []
    for name in names:
        count = int(rng.integers(3, 8))
        picks = np.sort(rng.choice(len(days), size=count, replace=False, p=weight / weight.sum()))
        for i in picks:
            day = day_arr[i]
            years = int(rng.choice([3, 5, 7, 10, 30]))
            spread = float(five.loc[(name.issuer_id, day)])
            nip = float(np.round(rng.uniform(5, 30) * (1 + spread / 300), 1))
            coupon = float(np.round(USD_RATE_PCT + (spread + nip) / 100, 3))
            maturity = pd.Timestamp(day) + pd.DateOffset(years=years)
            amount = float(np.round(rng.uniform(0.5, 6.0) * (4 if name.segment == "IG_CLOUD" else 1), 1) * 250)
            rows.append((name.issuer_id, day, maturity.to_datetime64().astype("datetime64[D]"), amount, nip, coupon))
    b = pd.DataFrame(
        rows, columns=["issuer_id", "issue_date", "maturity_date", "amount", "new_issue_premium_bp", "coupon_pct"]
    )
    b = b.sort_values(["issue_date", "issuer_id"], ignore_index=True)
    b.insert(0, "bond_id", np.arange(1, len(b) + 1, dtype=np.int32))
    b["issuer_id"] = b["issuer_id"].astype(np.int32)
    b["is_synthetic"] = True
    return b


def _guidance(fundamentals: pd.DataFrame, variant: int) -> pd.DataFrame:
    rng = generator(STREAM, variant, 91_000)
    rows = []
    for issuer_id, f in fundamentals.groupby("issuer_id", sort=True):
        prior = None
        for capex, report in zip(f["capex"], f["report_date"], strict=True):
            after = report >= np.datetime64("2037-06-12")
            move = rng.normal(-0.08 if after else 0.06, 0.05)
            new = float(np.round(capex * (1 + move), 1))
            if prior is None:
                kind = "INITIAL"
            elif abs(new / prior - 1) < 0.02:
                kind = "REAFFIRM"
            else:
                kind = "RAISE" if new > prior else "CUT"
            rows.append((issuer_id, report, kind, prior, new))
            prior = new
    g = pd.DataFrame(rows, columns=["issuer_id", "event_date", "event_type", "prior_guide", "new_guide"])
    g["issuer_id"] = g["issuer_id"].astype(np.int32)
    g["is_synthetic"] = True
    return g
