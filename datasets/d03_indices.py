"""D03 Indices: published index levels and effective-dated constituent weights.

Five equity indices are computed from D02's *stored* closes with ``datasets.indexing`` (the same
code D02's index-tracking funds use): M500 and NT100 cap-weighted, SACI equal-weighted, HNXC with
fixed custom weights (its two memory heavyweights about 53 %), KY225 price-weighted. Baskets are
reset at the close of the first session of each month and take effect from the next session;
member splits publish a new basket on the ex-date (shares scaled, weights unchanged in value).
Levels are stored **unrounded**, so ``level = sum(shares * close)`` over the basket in force holds
to floating-point precision on every row. FVX, the volatility index, has no constituents: it is a
GJR-GARCH forecast of M500's volatility times a volatility risk premium, plus noise (no option
data exists yet; see docs/datasets.md).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from datasets.calendar import sessions
from datasets.dictionary import IS_SYNTHETIC, ChartInfo, DatasetInfo, TableInfo, col
from datasets.indexing import index_levels
from datasets.seeds import generator
from datasets.universe import IndexSpec, universe

ID = "D03"
STREAM = 3

DATASET = DatasetInfo(
    id=ID,
    title="Indices",
    story=(
        "Daily levels of six fictional indices (the broad M500, the tech NT100, the AI-chip SACI, "
        "Seoul's top-heavy HNXC, Tokyo's price-weighted KY225 and the FVX volatility index) and the "
        "monthly baskets behind them. Every equity index level is exactly the sum of its members' "
        "index shares times their stored closes, so it can be rebuilt to the last digit. SACI loses "
        "about a quarter in the June 2037 sell-off while FVX jumps from the low teens to the high 30s."
    ),
    depends_on=("D02",),
    tables=[
        TableInfo(
            "index_levels",
            "One row per index per session of its venue (NXS for M500, NT100, SACI and FVX; HNX for "
            "HNXC; KYX for KY225). Equity index levels are unrounded doubles: level = SUM(shares * "
            "close) over the basket in force (index_weights with the latest eff_date <= trade_date).",
            [
                col("index_id", "INTEGER", "", "The index (securities.security_id, asset_class IDX)."),
                col("trade_date", "DATE", "venue-local", "Session date of the index's venue."),
                col(
                    "level",
                    "DOUBLE",
                    "index points",
                    "Price index level (unrounded). On the first session it is the base level; FVX's "
                    "level is in annualized volatility points, rounded to 2 decimals.",
                ),
                col(
                    "tr_level",
                    "DOUBLE",
                    "index points",
                    "Total-return level: dividends reinvested on their ex-date, "
                    "tr_t = tr_{t-1} * (level_t + SUM(shares * cash)) / level_{t-1}; equals level "
                    "on the first session; equals level for FVX.",
                ),
                IS_SYNTHETIC,
            ],
            ("index_id", "trade_date"),
        ),
        TableInfo(
            "index_weights",
            "The basket of each equity index (FVX has none): one row per member per basket. A basket "
            "is set at the close of the first session of each month and is in force from the next "
            "session (eff_date); a member's split also publishes a new basket effective on its "
            "ex-date. The basket in force on a date is the one with the latest eff_date <= that date.",
            [
                col("index_id", "INTEGER", "", "The index (securities.security_id)."),
                col("eff_date", "DATE", "venue-local", "First session on which this basket prices the index."),
                col("security_id", "INTEGER", "", "Member (securities.security_id)."),
                col(
                    "weight",
                    "DOUBLE",
                    "fraction",
                    "Member's share of the index value at the close of the session before eff_date "
                    "(shares before any split on eff_date times that close, over that day's level); "
                    "sums to 1 per basket.",
                ),
                col(
                    "shares",
                    "DOUBLE",
                    "index shares",
                    "Index shares held from eff_date on: level = SUM(shares * close) on every "
                    "session the basket is in force (already scaled by a split on eff_date).",
                ),
                IS_SYNTHETIC,
            ],
            ("index_id", "eff_date", "security_id"),
        ),
    ],
    charts=(
        ChartInfo(
            "SACI, the AI-chip index",
            "SELECT l.trade_date, l.level AS SACI FROM index_levels l JOIN securities s ON s.security_id = l.index_id "
            "WHERE s.ticker = 'SACI' ORDER BY 1",
            "The rally and euphoria, then about a quarter lost from 2037-06-12.",
            "index level",
        ),
        ChartInfo(
            "FVX, the volatility index",
            "SELECT l.trade_date, l.level AS FVX FROM index_levels l JOIN securities s ON s.security_id = l.index_id "
            "WHERE s.ticker = 'FVX' ORDER BY 1",
            "Low teens through the calm, then the jump in the sell-off.",
            "vol points",
        ),
    ),
)

EQUITY_INDICES = ("M500", "NT100", "SACI", "HNXC", "KY225")
VOL_INDEX = "FVX"

# FVX: the 21-session average of a GJR-GARCH(1,1) variance forecast of M500 (fixed, published
# parameters, like a 30-day implied volatility), times a volatility risk premium, times AR(1) noise in
# log points. Tuned on full so calm 2036 sits near 13, 2037-06-11 near 17 and the sell-off peaks near 38.
FVX_GARCH = {"alpha": 0.02, "gamma": 0.06, "beta": 0.86, "long_run_vol": 0.10}
FVX_HORIZON = 21
FVX_PREMIUM = 1.3
FVX_NOISE = {"phi": 0.6, "sd": 0.03}
FVX_FLOOR = 9.0


def generate(profile: str, variant: int, parents: Mapping[str, Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Build D03's index_levels and index_weights from D02's stored closes and D01's actions."""
    uni = universe(profile)
    eq = parents["D02"]["eq_daily"]
    actions = parents["D01"]["corporate_actions"]
    level_frames, weight_frames = [], []
    m500 = None
    for spec in uni.indices:
        if spec.code not in EQUITY_INDICES:
            continue
        levels, weights = _equity_index(spec, variant, eq, actions)
        level_frames.append(levels)
        weight_frames.append(weights)
        if spec.code == "M500":
            m500 = levels
    fvx = next(i for i in uni.indices if i.code == VOL_INDEX)
    level_frames.append(_fvx(fvx, m500, variant))
    levels = pd.concat(level_frames, ignore_index=True).sort_values(["index_id", "trade_date"], ignore_index=True)
    weights = pd.concat(weight_frames, ignore_index=True).sort_values(
        ["index_id", "eff_date", "security_id"], ignore_index=True
    )
    return {"index_levels": levels, "index_weights": weights}


def _dates(values) -> np.ndarray:
    return np.array(pd.to_datetime(pd.Series(values)).to_numpy(), dtype="datetime64[D]")


def member_arrays(spec: IndexSpec, variant: int, eq: pd.DataFrame, actions: pd.DataFrame):
    """(session dates, closes, split ratios, cash dividends) sessions x members from stored tables."""
    dates = sessions(spec.venue, variant)
    day = np.array(dates, dtype="datetime64[D]")
    pos = {d: i for i, d in enumerate(day)}
    members = list(spec.members)
    col_of = {m: j for j, m in enumerate(members)}
    closes = np.full((len(dates), len(members)), np.nan)
    rows = eq[eq["security_id"].isin(members)]
    ti = np.array([pos[d] for d in _dates(rows["trade_date"])])
    ji = np.array([col_of[m] for m in rows["security_id"]])
    closes[ti, ji] = rows["close"].to_numpy(float)
    ratios = np.ones_like(closes)
    cash = np.zeros_like(closes)
    acts = actions[actions["security_id"].isin(members)]
    for sid, ex, kind, ratio, amount in zip(
        acts["security_id"], _dates(acts["ex_date"]), acts["action_type"], acts["ratio"], acts["cash"], strict=True
    ):
        if ex not in pos:
            continue
        if kind in ("SPLIT", "RSPLIT"):
            ratios[pos[ex], col_of[sid]] = ratio
        elif kind == "DIV":
            cash[pos[ex], col_of[sid]] = amount
    return dates, closes, ratios, cash


def _equity_index(spec: IndexSpec, variant: int, eq: pd.DataFrame, actions: pd.DataFrame):
    dates, closes, ratios, cash = member_arrays(spec, variant, eq, actions)
    if np.isnan(closes).any():
        raise ValueError(f"{spec.code}: a member has no close on some session")
    months = np.array([d.year * 12 + d.month for d in dates])
    levels, shares_hist = index_levels(spec, months, closes, ratios, _caps(spec), decimals=None)
    n = len(dates)
    # shares in force for each session's level: yesterday's shares scaled by today's splits
    in_force = np.vstack([shares_hist[:1], shares_hist[:-1] * ratios[1:]])
    dividend_points = np.sum(in_force * cash, axis=1)
    tr = np.empty(n)
    tr[0] = levels[0]
    for t in range(1, n):
        tr[t] = tr[t - 1] * (levels[t] + dividend_points[t]) / levels[t - 1]
    level_frame = pd.DataFrame(
        {
            "index_id": np.full(n, spec.security_id, dtype=np.int32),
            "trade_date": np.array(dates, dtype="datetime64[D]"),
            "level": levels,
            "tr_level": tr,
            "is_synthetic": True,
        }
    )
    frames = []
    for t in range(1, n):
        rebalanced = t == 1 or months[t - 1] != months[t - 2]  # at the close of t - 1
        split = (ratios[t] != 1).any()
        if not (rebalanced or split or not np.array_equal(in_force[t], in_force[t - 1])):
            continue
        held = in_force[t] > 0
        weight = shares_hist[t - 1] * closes[t - 1] / levels[t - 1]
        frames.append(
            pd.DataFrame(
                {
                    "index_id": np.int32(spec.security_id),
                    "eff_date": np.datetime64(dates[t], "D"),
                    "security_id": np.array(spec.members, dtype=np.int32)[held],
                    "weight": weight[held],
                    "shares": in_force[t][held],
                    "is_synthetic": True,
                }
            )
        )
    return level_frame, pd.concat(frames, ignore_index=True)


def _caps(spec: IndexSpec) -> np.ndarray:
    by_id = universe("full").by_id
    return np.array([by_id[m].cap_usd_bn for m in spec.members])


def fvx_levels(m500_levels: np.ndarray, noise: np.ndarray) -> np.ndarray:
    """FVX from M500 levels: max(FVX_FLOOR, 100 * sqrt(252 * hbar_t) * FVX_PREMIUM * exp(noise_t)), 2 dp.

    r_t = ln(L_t / L_{t-1}) (r_0 = 0); h follows GJR-GARCH(1,1) with the fixed FVX_GARCH parameters,
    h_0 = v = long_run_vol^2 / 252, h_t = omega + (alpha + gamma * [r_t < 0]) * r_t^2 + beta * h_{t-1},
    omega = v * (1 - p), p = alpha + gamma / 2 + beta; hbar_t is the average forecast over the next
    FVX_HORIZON sessions, v + (h_t - v) * (1 - p^H) / (H * (1 - p)).
    """
    g = FVX_GARCH
    v = g["long_run_vol"] ** 2 / 252
    p = g["alpha"] + g["gamma"] / 2 + g["beta"]
    omega = v * (1 - p)
    r = np.concatenate([[0.0], np.diff(np.log(m500_levels))])
    h = v
    out = np.empty(len(r))
    for t in range(len(r)):
        if t:
            h = omega + (g["alpha"] + g["gamma"] * (r[t] < 0)) * r[t] ** 2 + g["beta"] * h
        hbar = v + (h - v) * (1 - p**FVX_HORIZON) / (FVX_HORIZON * (1 - p))
        out[t] = 100 * np.sqrt(252 * hbar) * FVX_PREMIUM * np.exp(noise[t])
    return np.round(np.maximum(out, FVX_FLOOR), 2)


def _fvx(spec: IndexSpec, m500: pd.DataFrame, variant: int) -> pd.DataFrame:
    rng = generator(STREAM, variant, spec.security_id)
    n = len(m500)
    eps = rng.normal(0.0, FVX_NOISE["sd"], n)
    noise = np.empty(n)
    noise[0] = eps[0]
    for t in range(1, n):
        noise[t] = FVX_NOISE["phi"] * noise[t - 1] + eps[t]
    level = fvx_levels(m500["level"].to_numpy(float), noise)
    return pd.DataFrame(
        {
            "index_id": np.full(n, spec.security_id, dtype=np.int32),
            "trade_date": m500["trade_date"].to_numpy(),
            "level": level,
            "tr_level": level,
            "is_synthetic": True,
        }
    )
