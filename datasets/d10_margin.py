"""D10 Margin: margin accounts' positions, daily requirement checks, calls, and market-wide credit.

A subset of D09's accounts (1,500 on full, 150 on lite, opened before 2036-07, drawn in proportion
to their D09 order counts) borrow against stocks and funds of their home venue (US accounts on NXS,
Korean accounts on HNX). Each session the broker marks the positions to D02's stored close and
checks the maintenance requirement in force that day (``house_requirements``, effective-dated):
30 % house default at the US brokers (25 % regulatory minimum), 25 % x leverage for leveraged
funds, and Seoul's 140 % collateral ratio, which is a 2/7 maintenance requirement on the market
value. On sell-off day 2 (2037-06-15) one US broker
raises the chip names from 30 % to 50 %. A call goes out when the account is below maintenance
(and none is open); it is met with cash, liquidated, or partly both two sessions later.

Identity: ``maint_req`` = sum over positions in force of round(qty * close * maint_pct, 2), with the
requirement row in force for the broker and security (else the broker's default row); ``lmv``,
``equity`` and ``excess`` follow from stored values. The broker's ``call_flag`` disagrees with
``excess < 0`` on exactly round(0.5 % of rows).

Market-wide tables (``agg_margin_monthly``, ``kr_credit_daily``) follow the indices of D03: debt
grows 30 %+ a year into the peak, forced liquidation in Seoul runs ~1 % a day of unsettled
balances normally and 4-5 % in stress.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from datasets.calendar import sessions
from datasets.dictionary import IS_SYNTHETIC, DatasetInfo, TableInfo, col
from datasets.engine import regime_labels
from datasets.seeds import generator
from datasets.ticks import round_half_away

ID = "D10"
STREAM = 10
D = dt.date
START = D(2036, 7, 1)
END = D(2037, 9, 30)
MARGIN_ACCOUNTS = {"lite": 150, "full": 1_500}
HOUSE_US = 0.30
KR_MAINT = 0.2857
"""Seoul's 140 % collateral ratio (market value >= 1.4 x loan) is a maintenance requirement of
1 - 1/1.4 = 2/7 of the market value, stored rounded to 4 decimals."""
CHIP_SECTORS = ("AI Accelerators", "Memory", "Foundry & Equipment", "Networking Silicon")
CHIP_RAISE = (2, D(2037, 6, 15), 0.50)
"""(broker, effective date, new requirement): sell-off day 2, chips 30 % -> 50 %."""
FLAG_DISAGREE = 0.005
SOON = 2
"""Sessions from a call to its due date."""
SLOTS = 2
"""Names held per margin account."""
GROW = {"calm": 0.0008, "rally": 0.0030, "euphoria": 0.0030, "cracks": 0.0010}
"""Extra borrowing per session (fraction of the loan, times U(0, 2)) in the build-up phases."""
EOD_VALUES = ("lmv", "debit", "equity", "maint_req", "excess")
OPEN = D(2030, 1, 1)

DATASET = DatasetInfo(
    id=ID,
    title="Margin",
    story=(
        "Margin accounts of D09's brokers: what they hold, what they owe, the maintenance "
        "requirement in force each day and the calls that follow. Leveraged funds need 25 % times "
        "their leverage, Seoul lends against 140 % collateral, and on 2037-06-15 one broker raises "
        "its chip requirement from 30 % to 50 % in the middle of the sell-off. Calls cluster on the "
        "crash days. Market-wide, margin debt grows by a third a year into the peak, and forced "
        "selling in Seoul jumps from ~1 % to 4-5 % a day; the file also holds the leveraged funds (D07) "
        "and bitcoin (D11), so the unwind can be read in one query."
    ),
    depends_on=("D07", "D09", "D11"),
    tables=[
        TableInfo(
            "house_requirements",
            "Maintenance requirements per broker, effective-dated (SCD2). A row with security_id "
            "NULL is the broker's default; a row for a security overrides it while in force. The "
            "requirement on date d is the row with eff_from <= d and (eff_to IS NULL or d <= eff_to).",
            [
                col("broker_id", "INTEGER", "", "Broker (brokers.broker_id)."),
                col("security_id", "INTEGER", "", "Security the row applies to; NULL = broker default.", True),
                col("maint_pct", "DOUBLE", "fraction of market value", "Maintenance requirement."),
                col("eff_from", "DATE", "", "First date in force."),
                col("eff_to", "DATE", "", "Last date in force (inclusive); NULL = still in force.", True),
                col("reason", "VARCHAR", "", "HOUSE, LEVERAGED_ETF, COLLATERAL_140 or RISK_INCREASE."),
                IS_SYNTHETIC,
            ],
        ),
        TableInfo(
            "margin_positions",
            "Holdings of margin accounts, effective-dated: qty shares of security_id are held from "
            "eff_from to eff_to inclusive (NULL = to the end). A new row starts on a split's ex-date "
            "(qty times the ratio, whole shares: a reverse split's fraction is paid in cash at the "
            "ex-date close and reduces the debit; a holding that would fall below one share is topped "
            "up to one at that close, on the debit) and on a liquidation.",
            [
                col("account_id", "INTEGER", "", "Account (accounts.account_id)."),
                col("security_id", "INTEGER", "", "Security held (securities.security_id)."),
                col("qty", "DOUBLE", "shares", "Shares held (whole shares)."),
                col("eff_from", "DATE", "", "First session held at this qty."),
                col("eff_to", "DATE", "", "Last session held at this qty; NULL = to the end.", True),
                IS_SYNTHETIC,
            ],
            ("account_id", "security_id", "eff_from"),
        ),
        TableInfo(
            "margin_eod",
            "One row per margin account per session of its home venue, 2036-07-01 to 2037-09-30, in "
            "the venue's currency. lmv = sum of round(qty * close, 2) over positions in force; "
            "maint_req = sum of round(qty * close * maint_pct, 2); equity = lmv - debit; excess = "
            "equity - maint_req (close = eq_daily.close that date).",
            [
                col("account_id", "INTEGER", "", "Account."),
                col("date", "DATE", "", "Session date of the home venue."),
                col("lmv", "DOUBLE", "local ccy", "Long market value."),
                col("debit", "DOUBLE", "local ccy", "Loan balance after the day's interest, draws and repayments."),
                col("equity", "DOUBLE", "local ccy", "lmv - debit."),
                col("maint_req", "DOUBLE", "local ccy", "Maintenance requirement."),
                col("excess", "DOUBLE", "local ccy", "equity - maint_req (negative: below maintenance)."),
                col(
                    "call_flag", "BOOLEAN", "", "The broker's own flag; it disagrees with excess < 0 on 0.5 % of rows."
                ),
            ],
            ("account_id", "date"),
        ),
        TableInfo(
            "margin_calls",
            "One row per margin call: issued on a session where the account was below maintenance "
            "(excess < 0) and had no call open; due two sessions later.",
            [
                col("call_id", "INTEGER", "", "Call."),
                col("account_id", "INTEGER", "", "Account."),
                col("issued", "DATE", "", "Session the call went out (after the close)."),
                col("amount", "DOUBLE", "local ccy", "Deficit on the issue date: -excess."),
                col("due", "DATE", "", "Session by which it must be met; the resolution takes effect then."),
                col(
                    "resolution",
                    "VARCHAR",
                    "",
                    "MET (cash deposited, debit reduced by amount), LIQUIDATED (half of every position "
                    "sold at the due date's close) or PARTIAL (half the amount deposited, a quarter sold).",
                ),
            ],
            ("call_id",),
        ),
        TableInfo(
            "agg_margin_monthly",
            "Market-wide margin statistics per region and month (FINRA-style), in USD millions.",
            [
                col("region", "VARCHAR", "", "US or KR."),
                col("month", "DATE", "first day of month", "Month (reported as of its end)."),
                col("debit_bal", "DOUBLE", "USD mn", "Debit balances in margin accounts at month end."),
                col("free_credit", "DOUBLE", "USD mn", "Free credit balances (idle cash) at month end."),
            ],
            ("region", "month"),
        ),
        TableInfo(
            "kr_credit_daily",
            "Seoul's market-wide retail credit per HNX session: loans against securities, unsettled "
            "purchases (misu) and forced liquidation of them.",
            [
                col("date", "DATE", "", "HNX session."),
                col("loan_bal", "DOUBLE", "KRW", "Credit loan balance at the close."),
                col("unsettled_bal", "DOUBLE", "KRW", "Unsettled purchase balance at the close."),
                col("forced_liq", "DOUBLE", "KRW", "Forced sales of unsettled positions that session."),
            ],
            ("date",),
        ),
    ],
)


def generate(profile: str, variant: int, parents: Mapping[str, Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Build D10's tables from D09's accounts and D01/D02/D03's stored tables."""
    rng = generator(STREAM, variant, 0)
    secs = parents["D01"]["securities"]
    reqs = _requirements(secs, variant)
    sim = _simulate(profile, variant, parents, reqs, rng)
    return {
        "house_requirements": reqs,
        "margin_positions": sim["positions"],
        "margin_eod": sim["eod"],
        "margin_calls": sim["calls"],
        "agg_margin_monthly": _agg_monthly(parents, variant, rng),
        "kr_credit_daily": _kr_credit(parents, variant, rng),
    }


# --- requirements ----------------------------------------------------------------------------------
def _requirements(secs: pd.DataFrame, variant: int) -> pd.DataFrame:
    """Defaults per broker, leveraged-fund rows, and the chip raises of the sell-off."""
    rows = []
    for b in (1, 2, 3):
        rows.append((b, None, HOUSE_US, OPEN, None, "HOUSE"))
        for s in secs[(secs["asset_class"] == "ETP") & (secs["venue"] == "NXS")].itertuples():
            rows.append((b, s.security_id, round(0.25 * abs(s.leverage), 4), OPEN, None, "LEVERAGED_ETF"))
    for b in (4, 5, 6):
        rows.append((b, None, KR_MAINT, OPEN, None, "COLLATERAL_140"))
    chips = secs[(secs["venue"] == "NXS") & (secs["asset_class"] == "EQ") & secs["sector"].isin(CHIP_SECTORS)]
    broker, day, pct = CHIP_RAISE
    second = D(2037, 6, 16) + dt.timedelta(days=generator(STREAM, variant, 1).integers(0, 7).item())
    for s in chips.itertuples():
        rows.append((broker, s.security_id, HOUSE_US, OPEN, day - dt.timedelta(days=1), "HOUSE"))
        rows.append((broker, s.security_id, pct, day, None, "RISK_INCREASE"))
        rows.append((1, s.security_id, HOUSE_US, OPEN, second - dt.timedelta(days=1), "HOUSE"))
        rows.append((1, s.security_id, 0.40, second, None, "RISK_INCREASE"))
    # a Seoul broker asks more of the 2x funds once the sell-off hits Seoul
    for s in secs[(secs["asset_class"] == "ETP") & (secs["venue"] == "HNX")].itertuples():
        rows.append((5, s.security_id, KR_MAINT, OPEN, D(2037, 6, 16), "COLLATERAL_140"))
        rows.append((5, s.security_id, 0.45, D(2037, 6, 17), None, "RISK_INCREASE"))
    frame = pd.DataFrame(rows, columns=["broker_id", "security_id", "maint_pct", "eff_from", "eff_to", "reason"])
    frame["security_id"] = frame["security_id"].astype("Int32")
    frame["eff_from"] = pd.to_datetime(frame["eff_from"]).dt.date
    frame["eff_to"] = pd.Series([d for d in frame["eff_to"]], dtype=object)
    frame["is_synthetic"] = True
    return frame.sort_values(["broker_id", "security_id", "eff_from"], na_position="first", ignore_index=True)


class _Requirements:
    """maint_pct in force on a day for account slots (broker, security); recomputed only when the
    set of rows in force changes."""

    def __init__(self, reqs: pd.DataFrame, broker: np.ndarray, sec: np.ndarray) -> None:
        self.reqs = reqs.reset_index(drop=True)
        self.start = np.array([d.toordinal() for d in self.reqs["eff_from"]])
        self.stop = np.array([10**7 if e is None else e.toordinal() for e in self.reqs["eff_to"]])
        self.broker, self.sec = broker, sec
        self.cache: dict[bytes, np.ndarray] = {}

    def on(self, day: dt.date) -> np.ndarray:
        live = (self.start <= day.toordinal()) & (day.toordinal() <= self.stop)
        key = live.tobytes()
        if key not in self.cache:
            rows = self.reqs[live]
            out = np.full(self.sec.shape, np.nan)
            for r in rows[rows["security_id"].isna()].itertuples():
                out[self.broker == r.broker_id] = r.maint_pct
            for r in rows[rows["security_id"].notna()].itertuples():
                out[(self.broker == r.broker_id) & (self.sec == int(r.security_id))] = r.maint_pct
            self.cache[key] = out
        return self.cache[key]


# --- account simulation ----------------------------------------------------------------------------
def _simulate(profile, variant, parents, reqs, rng) -> dict[str, pd.DataFrame]:
    """Positions, daily requirement checks and calls; a loop over sessions, vectorized over accounts."""
    accounts = parents["D09"]["accounts"]
    secs = parents["D01"]["securities"].set_index("security_id")
    eq = parents["D02"]["eq_daily"]
    actions = parents["D01"]["corporate_actions"]
    opened = pd.to_datetime(accounts["open_date"]).dt.date
    # margin accounts are the active traders among the accounts opened before the window
    n_orders = parents["D09"]["orders"]["account_id"].value_counts()
    pool = accounts[(opened < START).to_numpy()].reset_index(drop=True)
    activity = pool["account_id"].map(n_orders).fillna(0).to_numpy(dtype=float)
    n = MARGIN_ACCOUNTS[profile]
    chosen = np.sort(rng.choice(len(pool), n, replace=False, p=activity / activity.sum()))
    acc = pool.iloc[chosen].reset_index(drop=True)
    frames_eod, frames_pos, calls = [], [], []
    for venue, country in (("NXS", "US"), ("HNX", "KR")):
        part = acc[acc["country"] == country].reset_index(drop=True)
        if len(part):
            eod, pos, cl = _simulate_venue(venue, part, secs, eq, actions, reqs, variant, rng)
            frames_eod.append(eod)
            frames_pos.append(pos)
            calls.extend(cl)
    eod = pd.concat(frames_eod, ignore_index=True).sort_values(["account_id", "date"], ignore_index=True)
    positions = pd.concat(frames_pos, ignore_index=True).sort_values(
        ["account_id", "security_id", "eff_from"], ignore_index=True
    )
    positions["is_synthetic"] = True
    cl = pd.DataFrame(calls, columns=["account_id", "issued", "amount", "due", "resolution"])
    cl = cl.sort_values(["issued", "account_id"], ignore_index=True)
    cl.insert(0, "call_id", np.arange(1, len(cl) + 1, dtype=np.int32))
    # the broker's flag disagrees with the recomputation on exactly 0.5 % of rows
    n_flip = round(FLAG_DISAGREE * len(eod))
    flip = np.zeros(len(eod), dtype=bool)
    flip[rng.choice(len(eod), n_flip, replace=False)] = True
    eod["call_flag"] = (eod["excess"].to_numpy() < 0) ^ flip
    return {"eod": eod, "positions": positions, "calls": cl}


def _venue_closes(venue, secs, eq, actions, variant):
    """Home sessions of the window, the names that trade on all of them, their stored closes and
    split ratios (sessions x names)."""
    days = [d for d in sessions(venue, variant) if START <= d <= END]
    cand = secs[(secs["venue"] == venue) & secs["asset_class"].isin(["EQ", "ETP"])].index
    px = eq[eq["security_id"].isin(cand)].copy()
    px["trade_date"] = pd.to_datetime(px["trade_date"]).dt.date
    close = px.pivot(index="trade_date", columns="security_id", values="close").reindex(days)
    close = close.loc[:, close.notna().all()]  # held names trade through the whole window
    sids = close.columns.to_numpy()
    cmat = close.to_numpy(dtype=float)
    ratio = np.ones_like(cmat)
    pos_day = {d: i for i, d in enumerate(days)}
    col_of = {s: j for j, s in enumerate(sids)}
    for r in actions[actions["action_type"].isin(["SPLIT", "RSPLIT"])].itertuples():
        d = pd.Timestamp(r.ex_date).date()
        if r.security_id in col_of and d in pos_day:
            ratio[pos_day[d], col_of[r.security_id]] = r.ratio
    return days, sids, cmat, ratio


def _initial_book(venue, n_accounts, sids, secs, first_close, rng):
    """Two different names per account (chips and funds favoured), whole-share quantities worth a
    lognormal amount each, and an opening loan of 25-55 % of the market value."""
    chip = secs.loc[sids, "sector"].isin(CHIP_SECTORS).to_numpy()
    lev = secs.loc[sids, "asset_class"].eq("ETP").to_numpy()
    attention = np.where(chip, 4.0, 1.0) * np.where(lev, 2.0, 1.0)
    sec_idx = np.stack([rng.choice(len(sids), n_accounts, p=attention / attention.sum()) for _ in range(SLOTS)], axis=1)
    same = sec_idx[:, 1] == sec_idx[:, 0]
    sec_idx[same, 1] = (sec_idx[same, 0] + 1) % len(sids)
    scale = 1.0 if venue == "NXS" else 1350.0
    value = rng.lognormal(np.log(60_000 * scale), 0.8, (n_accounts, SLOTS))
    qty = np.maximum(1.0, np.round(value / first_close[sec_idx]))
    debit = np.round((qty * first_close[sec_idx]).sum(axis=1) * rng.uniform(0.25, 0.55, n_accounts), 2)
    return sec_idx, qty, debit


def _settle(qty, ratio, due_now, resolution):
    """Quantities after the day's split ratio and the sales of the calls due today (at least one
    share of each name is kept, so every account keeps positions). A reverse split leaves whole
    shares: the fraction is paid out at the close (cash in lieu, in the caller's proceeds)."""
    sell = np.zeros(qty.shape)
    sell[due_now & (resolution == "LIQUIDATED")] = 0.5
    sell[due_now & (resolution == "PARTIAL")] = 0.25
    held = np.where(ratio != 1, np.maximum(np.floor(qty * ratio + 1e-9), 1.0), qty)
    return np.where(sell > 0, np.maximum(np.floor(held * (1 - sell) + 1e-9), 1.0), held)


def _simulate_venue(venue, acc, secs, eq, actions, reqs, variant, rng):
    """One venue's margin accounts, session by session: splits and call settlements, interest and
    draws, the requirement check, new calls. Returns margin_eod rows, position rows and calls."""
    days, sids, cmat, ratio = _venue_closes(venue, secs, eq, actions, variant)
    na = len(acc)
    sec_idx, qty, debit = _initial_book(venue, na, sids, secs, cmat[0], rng)
    acct_ids = acc["account_id"].to_numpy()
    sec_ids = sids[sec_idx]
    book = _Requirements(reqs, np.repeat(acc["broker_id"].to_numpy()[:, None], SLOTS, axis=1), sec_ids)
    labels = regime_labels(days)
    rate = 0.08 if venue == "NXS" else 0.065
    since = np.full((na, SLOTS), days[0], dtype=object)
    positions, rows, calls = [], [], []
    open_due = np.full(na, -1)  # session index a call is due, -1 = none
    open_amt = np.zeros(na)
    open_res = np.empty(na, dtype=object)
    for t, day in enumerate(days):
        c = cmat[t][sec_idx]
        due_now = open_due == t
        new_qty = _settle(qty, ratio[t][sec_idx], due_now, open_res)
        for a, s in zip(*np.nonzero(new_qty != qty), strict=True):
            positions.append((acct_ids[a], sec_ids[a, s], qty[a, s], since[a, s], days[t - 1]))
            since[a, s] = day
        proceeds = ((qty * ratio[t][sec_idx] - new_qty) * c).sum(axis=1)
        qty = new_qty
        interest = debit * rate / 365 * (1 if t == 0 else (day - days[t - 1]).days)
        # in the boom accounts borrow against their gains, towards 60 % loan-to-value
        ltv_gap = np.maximum(0.60 * (qty * c).sum(axis=1) - debit, 0.0) if labels[t] in GROW else 0.0
        draw = debit * GROW.get(labels[t], 0.0) * rng.uniform(0, 2, na) + 0.04 * ltv_gap
        deposit = np.where(due_now & (open_res == "MET"), open_amt, 0.0)
        deposit = np.where(due_now & (open_res == "PARTIAL"), open_amt / 2, deposit)
        debit = np.round(np.maximum(debit + interest + draw - deposit - proceeds, 0.0), 2)
        open_due[due_now] = -1
        pct = book.on(day)
        lmv = np.round(round_half_away(qty * c, 2).sum(axis=1), 2)
        maint = np.round(round_half_away(qty * c * pct, 2).sum(axis=1), 2)
        equity = np.round(lmv - debit, 2)
        excess = np.round(equity - maint, 2)
        rows.append((lmv, debit.copy(), equity, maint, excess))
        # new calls: below maintenance and no call open (the broker's flag noise is added afterwards)
        new = (excess < 0) & (open_due < 0) & (t + SOON < len(days))
        if new.any():
            p = [0.45, 0.25, 0.30] if labels[t] in ("cracks", "selloff") else [0.65, 0.25, 0.10]
            res = rng.choice(["MET", "PARTIAL", "LIQUIDATED"], int(new.sum()), p=p)
            open_due[new], open_amt[new], open_res[new] = t + SOON, -excess[new], res
            for a, rr in zip(np.nonzero(new)[0], res, strict=True):
                calls.append((acct_ids[a], day, float(-excess[a]), days[t + SOON], rr))
    for a in range(na):
        for s in range(SLOTS):
            positions.append((acct_ids[a], sec_ids[a, s], qty[a, s], since[a, s], None))
    eod = pd.DataFrame(
        {
            "account_id": np.tile(acct_ids.astype(np.int32), len(days)),
            "date": np.repeat(np.array(days, dtype="datetime64[D]"), na),
            **{name: np.concatenate([r[k] for r in rows]) for k, name in enumerate(EOD_VALUES)},
        }
    )
    pos = pd.DataFrame(positions, columns=["account_id", "security_id", "qty", "eff_from", "eff_to"])
    pos["eff_to"] = pd.Series(list(pos["eff_to"]), dtype=object)
    return eod, pos, calls


# --- market-wide -----------------------------------------------------------------------------------
def _index_series(parents, code_id: int) -> pd.Series:
    lv = parents["D03"]["index_levels"]
    s = lv[lv["index_id"] == code_id][["trade_date", "level"]].copy()
    s["trade_date"] = pd.to_datetime(s["trade_date"])
    return s.set_index("trade_date")["level"].sort_index()


def _agg_monthly(parents, variant, rng) -> pd.DataFrame:
    """Debit and free-credit balances per region and month, 2035-01 .. 2037-09 (USD mn)."""
    months = pd.date_range("2035-01-01", "2037-09-01", freq="MS")
    out = []
    for region, idx_id, base, beta in (("US", 1001, 760_000.0, 0.35), ("KR", 1004, 14_000.0, 0.35)):
        lv = _index_series(parents, idx_id)
        month_end = lv.groupby(lv.index.to_period("M")).last()
        t = np.arange(len(months)) / 12.0
        rel = np.array([month_end.get(m.to_period("M"), np.nan) for m in months]) / month_end.iloc[0]
        rel = np.where(np.isnan(rel), 1.0, rel)
        # before the index history: a steady 8 %/yr build-up; then the index's move, levered
        mania = np.interp(t, [0, 1.0, 1.75, 2.35, 2.45, 2.7], [0, 0, 0.04, 0.12, 0.12, 0.0])
        log_debt = np.log(base) + 0.08 * t + beta * np.log(rel) + mania + rng.normal(0, 0.01, len(t))
        debit = np.round(np.exp(log_debt), 1)
        credit = np.round(
            debit * (0.20 + 0.04 * (months >= pd.Timestamp("2037-06-01"))) * rng.lognormal(0, 0.03, len(t)), 1
        )
        out.append(pd.DataFrame({"region": region, "month": months.date, "debit_bal": debit, "free_credit": credit}))
    return pd.concat(out, ignore_index=True)


def _kr_credit(parents, variant, rng) -> pd.DataFrame:
    """Seoul's credit loans, unsettled balances and forced liquidation per HNX session."""
    lv = _index_series(parents, 1004)
    days = lv.index
    rel = (lv / lv.iloc[0]).to_numpy()
    t = np.arange(len(days)) / 250.0
    noise = np.cumsum(rng.normal(0, 0.003, len(days)))
    loan = np.exp(np.log(18e12) + 0.10 * t + 1.1 * np.log(rel) + noise)
    loan = loan / loan.max() * 36.5e12 * (1 + rng.normal(0, 0.01))
    ret = np.concatenate([[0.0], rel[1:] / rel[:-1] - 1])
    labels = regime_labels(list(days.date))
    stress = (ret < -0.03) | np.isin(labels, ["selloff"])
    unsettled = loan * 0.028 * rng.lognormal(0, 0.08, len(days)) * np.where(stress, 1.3, 1.0)
    ratio = np.where(stress, rng.uniform(0.04, 0.05, len(days)), 0.01 * rng.lognormal(0, 0.15, len(days)))
    return pd.DataFrame(
        {
            "date": days.date,
            "loan_bal": np.round(loan, -6),
            "unsettled_bal": np.round(unsettled, -6),
            "forced_liq": np.round(unsettled * ratio, -6),
        }
    )
