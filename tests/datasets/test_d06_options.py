"""D06 options: the quote identities (iv from the stored mid, greeks from the stored iv), open-interest
bookkeeping and ZVLT's split on every row, the surface summary recomputed from opt_eod, the wrinkles,
and the stylized facts (euphoria call skew, sell-off put skew, term inversion, put spreads) on every
lite variant."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.special import ndtr

import datasets
from datasets import d06_options
from datasets.universe import universe

from .conftest import connect

MULTIPLIER = d06_options.MULTIPLIER

CHIP_IDS = tuple(universe("lite").sec(t).security_id for t in d06_options.CALL_SKEW_NAMES
                 if t in d06_options.UNDERLYINGS["lite"])


@pytest.fixture(scope="module", params=datasets.VARIANTS)
def variant_con(request, lite_root):
    with connect(lite_root, "lite", "D06", request.param) as con:
        yield con


@pytest.fixture(scope="module")
def frames(variant_con):
    opt = variant_con.execute("SELECT * FROM opt_eod ORDER BY option_id, quote_date").df()
    summary = variant_con.execute("SELECT * FROM surface_summary").df()
    holidays = variant_con.execute(
        "SELECT cal_date FROM trading_calendar WHERE venue = 'NXO' AND NOT is_open AND dayofweek(cal_date) "
        "BETWEEN 1 AND 5 AND cal_date >= DATE '2036-10-01'").df()["cal_date"]
    split = variant_con.execute("""
        SELECT c.ex_date, c.ratio FROM corporate_actions c JOIN securities s USING (security_id)
        WHERE s.ticker = 'ZVLT' AND c.action_type = 'SPLIT'""").fetchone()
    return opt, summary, set(pd.to_datetime(holidays)), split


def _years(opt: pd.DataFrame) -> np.ndarray:
    return (opt["expiry"] - opt["quote_date"]).dt.days.to_numpy() / 365.0


def _bs(s, k, t, r, sigma, cp):
    """Black-Scholes written out independently of datasets.black_scholes."""
    d1 = (np.log(s / k) + (r + sigma**2 / 2) * t) / (sigma * np.sqrt(t))
    d2 = d1 - sigma * np.sqrt(t)
    return cp * (s * ndtr(cp * d1) - k * np.exp(-r * t) * ndtr(cp * d2))


def _fresh(opt, holidays):
    return opt[~opt["quote_date"].isin(holidays)]


def test_the_underlyings_are_the_lite_names_and_und_close_is_d02s_close(variant_con):
    names = {r[0] for r in variant_con.execute(
        "SELECT DISTINCT s.ticker FROM opt_eod o JOIN securities s ON s.security_id = o.underlying_id").fetchall()}
    assert names == set(d06_options.UNDERLYINGS["lite"])
    off = variant_con.execute("""
        SELECT count(*) FILTER (WHERE e.close IS NULL AND c.is_open),
               count(*) FILTER (WHERE e.close <> o.und_close)
        FROM opt_eod o JOIN trading_calendar c ON c.venue = 'NXO' AND c.cal_date = o.quote_date
        LEFT JOIN eq_daily e ON e.security_id = o.underlying_id AND e.trade_date = o.quote_date""").fetchone()
    assert off == (0, 0)


def test_snapshots_are_weekly_in_the_calm_and_daily_from_october(variant_con):
    dates = pd.to_datetime(pd.Series(
        [r[0] for r in variant_con.execute("SELECT DISTINCT quote_date FROM opt_eod ORDER BY 1").fetchall()]))
    early, late = dates[dates < "2036-10-01"], dates[dates >= "2036-10-01"]
    assert early.dt.isocalendar().week.is_unique
    assert 36 <= len(early) <= 40
    assert set(late.dt.day_of_week) <= set(range(5))
    assert len(late) == len(pd.bdate_range("2036-10-01", "2037-09-30"))


def test_every_holiday_row_repeats_the_previous_session_unchanged(frames):
    opt, _, holidays, _ = frames
    assert pd.Timestamp("2037-06-19") in holidays
    cols = [c for c in opt.columns if c != "quote_date"]
    dates = sorted(opt["quote_date"].unique())
    for day in holidays:
        prev = max(d for d in dates if d < day and d not in holidays)
        stale = opt[opt["quote_date"] == day].sort_values("option_id")[cols].reset_index(drop=True)
        before = opt[opt["quote_date"] == prev].sort_values("option_id")[cols].reset_index(drop=True)
        assert len(stale) > 0
        pd.testing.assert_frame_equal(stale, before)


def test_option_ids_spell_out_root_expiry_type_and_strike(variant_con):
    bad = variant_con.execute("""
        SELECT count(*) FROM opt_eod o JOIN securities s ON s.security_id = o.underlying_id
        WHERE o.option_id <> rpad(s.ticker, 6, ' ') || strftime(o.expiry, '%y%m%d') || o.cp
                             || lpad(CAST(CAST(round(o.strike * 1000) AS BIGINT) AS VARCHAR), 8, '0')
           OR o.multiplier <> 100 OR o.rate <> 0.045 OR o.expiry <= o.quote_date OR NOT o.is_synthetic""").fetchone()
    assert bad[0] == 0


def test_each_option_appears_once_per_quote_date(variant_con):
    dupes = variant_con.execute(
        "SELECT count(*) - count(DISTINCT (quote_date, option_id)) FROM opt_eod").fetchone()[0]
    assert dupes == 0


def test_june_2037_contracts_expire_on_thursday_because_juneteenth_is_a_holiday(variant_con):
    june = {r[0].isoformat() for r in variant_con.execute(
        "SELECT DISTINCT expiry FROM opt_eod WHERE month(expiry) = 6 AND year(expiry) = 2037").fetchall()}
    assert june == {"2037-06-18"}


def test_quotes_have_zero_bids_and_a_few_crossed_rows_and_lie_on_the_tick_grid(frames):
    opt = frames[0]
    assert (opt["bid"] >= 0).all()
    assert (opt["ask"] > 0).all()
    assert 0.005 < (opt["bid"] == 0).mean() < 0.10
    crossed = (opt["bid"] > opt["ask"]).sum()
    assert 5 <= crossed <= 0.003 * len(opt)
    for side in ("bid", "ask"):
        cents = np.round(opt[side].to_numpy() * 100)
        assert np.allclose(cents, opt[side].to_numpy() * 100, atol=1e-6)
        big = opt[side].to_numpy() > 3.0 + 1e-9
        assert (cents[big] % 5 == 0).all()


def test_iv_reprices_the_mid_on_every_fresh_row_and_is_null_exactly_below_intrinsic(frames):
    opt, _, holidays, _ = frames
    opt = _fresh(opt, holidays)
    s, k, r = opt["und_close"].to_numpy(), opt["strike"].to_numpy(), opt["rate"].to_numpy()
    t, cp = _years(opt), np.where(opt["cp"] == "C", 1.0, -1.0)
    mid = (opt["bid"].to_numpy() + opt["ask"].to_numpy()) / 2
    bound = np.maximum(cp * (s - k * np.exp(-r * t)), 0)
    null = opt["iv"].isna().to_numpy()
    assert (null == ((mid <= bound) | (mid >= _bs(s, k, t, r, 5.0, cp)))).all()
    assert 0.002 < null.mean() < 0.05
    iv = opt["iv"].to_numpy()[~null]
    args = (s[~null], k[~null], t[~null], r[~null])
    price = _bs(*args, iv, cp[~null])
    vega = _bs(*args, iv + 1e-6, cp[~null]) - price
    # rounding iv to 6 decimals moves the price by at most half a unit of vega per 1e-6
    assert (np.abs(price - mid[~null]) <= 0.5 * np.abs(vega) + 1e-9).all()


def test_greeks_follow_from_the_stored_iv(frames):
    opt, _, holidays, _ = frames
    opt = _fresh(opt, holidays).dropna(subset=["iv"])
    s, k, iv, r = (opt[c].to_numpy() for c in ("und_close", "strike", "iv", "rate"))
    t, call = _years(opt), (opt["cp"] == "C").to_numpy()
    d1 = (np.log(s / k) + (r + iv**2 / 2) * t) / (iv * np.sqrt(t))
    pdf = np.exp(-(d1**2) / 2) / np.sqrt(2 * np.pi)
    assert np.abs(opt["delta"] - np.round(np.where(call, ndtr(d1), ndtr(d1) - 1), 6)).max() <= 1e-9
    assert np.abs(opt["gamma"] - np.round(pdf / (s * iv * np.sqrt(t)), 8)).max() <= 1e-11
    assert np.abs(opt["vega"] - np.round(s * pdf * np.sqrt(t) / 100, 6)).max() <= 1e-9


def test_greeks_are_null_exactly_where_iv_is(frames):
    opt = frames[0]
    for c in ("delta", "gamma", "vega"):
        assert (opt[c].isna() == opt["iv"].isna()).all()


def test_open_interest_moves_by_at_most_the_sessions_volume(frames):
    opt = frames[0]
    prev = opt.groupby("option_id")["open_interest"].shift(1)
    has_prev = prev.notna()
    assert (opt["open_interest"] >= 0).all()
    assert (opt["volume"] >= 0).all()
    assert ((opt["open_interest"] - prev).abs()[has_prev] <= opt["volume"][has_prev]).all()
    assert has_prev.sum() > 0.9 * len(opt)


def test_contracts_listed_inside_the_window_open_from_zero(frames):
    opt, _, _, (ex_date, _) = frames
    first = opt.groupby("option_id").head(1)
    fresh = first[(first["quote_date"] > opt["quote_date"].min()) & (first["quote_date"] != pd.Timestamp(ex_date))]
    assert len(fresh) > 500
    assert (fresh["open_interest"] <= fresh["volume"]).all()


def test_zvlt_split_divides_strikes_and_multiplies_open_interest(frames):
    opt, _, _, (ex_date, ratio) = frames
    zvlt = opt[opt["option_id"].str.startswith("ZVLT ")]
    ex = pd.Timestamp(ex_date)
    before_day = zvlt.loc[zvlt["quote_date"] < ex, "quote_date"].max()
    old = zvlt[(zvlt["quote_date"] == before_day) & (zvlt["expiry"] > ex)]
    new = zvlt[zvlt["quote_date"] == ex]
    assert ratio == 10.0
    assert new["option_id"].isin(old["option_id"]).sum() == 0  # every symbol changes with its strike
    old = old.assign(strike=np.round(old["strike"] / ratio, 4))
    pair = old.merge(new, on=["expiry", "cp", "strike"], suffixes=("_old", "_new"))
    assert len(pair) == len(old)
    assert (pair["multiplier_new"] == 100).all()
    assert ((pair["open_interest_new"] - ratio * pair["open_interest_old"]).abs() <= pair["volume_new"]).all()
    assert (pair["und_close_new"] < pair["und_close_old"] / 5).all()


def test_positions_carried_across_the_zvlt_split_keep_their_value_and_delta(frames):
    """A holder of every pre-split contract (its open interest) holds `ratio` new contracts each on the
    ex-date: the book's market value (OI x mid x 100) and dollar delta (OI x delta x spot x 100)
    move by what one session's market move does (ZVLT's adjusted return is within +-1 %, plus a
    weekend's decay and the smile's noise), not by the 10x or 1/10 of a lost split."""
    opt, _, _, (ex_date, ratio) = frames
    zvlt = opt[opt["option_id"].str.startswith("ZVLT ")]
    ex = pd.Timestamp(ex_date)
    before_day = zvlt.loc[zvlt["quote_date"] < ex, "quote_date"].max()
    old = zvlt[(zvlt["quote_date"] == before_day) & (zvlt["expiry"] > ex) & zvlt["delta"].notna()]
    new = zvlt[zvlt["quote_date"] == ex]
    pair = old.assign(strike=np.round(old["strike"] / ratio, 4)).merge(
        new, on=["expiry", "cp", "strike"], suffixes=("_old", "_new"))
    pair = pair[pair["delta_new"].notna()]
    held = pair["open_interest_old"] * MULTIPLIER
    value_before = (held * (pair["bid_old"] + pair["ask_old"]) / 2).sum()
    value_after = (held * ratio * (pair["bid_new"] + pair["ask_new"]) / 2).sum()
    delta_before = (held * pair["delta_old"] * pair["und_close_old"]).sum()
    delta_after = (held * ratio * pair["delta_new"] * pair["und_close_new"]).sum()
    assert len(pair) > 20
    assert abs(value_after / value_before - 1) < 0.15
    assert abs(delta_after / delta_before - 1) < 0.15


def _summary_by_the_rule(opt: pd.DataFrame) -> pd.DataFrame:
    """surface_summary recomputed with plain pandas from the dictionary's rule."""
    ok = opt[opt["iv"].notna() & (opt["bid"] <= opt["ask"])].copy()
    ok["dte"] = (ok["expiry"] - ok["quote_date"]).dt.days
    ok["dist"] = (ok["strike"] - ok["und_close"]).abs()
    rows = []
    for (uid, day, dte), g in ok.groupby(["underlying_id", "quote_date", "dte"]):
        atm_strike = g.sort_values(["dist", "strike"])["strike"].iloc[0]
        atm = g.loc[g["strike"] == atm_strike, "iv"].mean()
        legs = []
        for cp, sign in (("C", 1), ("P", -1)):
            d = g[g["cp"] == cp].assign(x=lambda f, s=sign: s * f["delta"])
            a, b = d[d["x"] >= 0.25].nsmallest(1, "x"), d[d["x"] < 0.25].nlargest(1, "x")
            if len(a) and len(b):
                xa, va, xb, vb = a["x"].iloc[0], a["iv"].iloc[0], b["x"].iloc[0], b["iv"].iloc[0]
                legs.append(vb + (0.25 - xb) * (va - vb) / (xa - xb))
            else:
                legs.append(np.nan)
        rows.append((uid, day, dte, atm, legs[0] - legs[1], (legs[0] + legs[1]) / 2 - atm))
    per = pd.DataFrame(rows, columns=["underlying_id", "date", "dte", "atm", "rr", "bf"])

    def at(g: pd.DataFrame, column: str, target: int) -> float:
        g = g.dropna(subset=[column]).sort_values("dte")
        lo, hi = g[g["dte"] <= target], g[g["dte"] > target]
        if g.empty:
            return np.nan
        if lo.empty or hi.empty:  # flat beyond the first and last expiry
            return g[column].iloc[0 if lo.empty else -1]
        d0, v0 = lo[["dte", column]].iloc[-1]
        d1, v1 = hi[["dte", column]].iloc[0]
        return v0 + (target - d0) * (v1 - v0) / (d1 - d0)

    out = []
    for (uid, day), g in per.groupby(["underlying_id", "date"]):
        a30, a90 = at(g, "atm", 30), at(g, "atm", 90)
        out.append((uid, day, 100 * a30, 100 * at(g, "rr", 30), 100 * at(g, "bf", 30), 100 * (a90 - a30)))
    return pd.DataFrame(out, columns=["underlying_id", "date", "atm_iv_30d", "rr25", "bf25", "term_slope"])


def test_surface_summary_recomputes_from_opt_eod(frames):
    opt, summary, _, _ = frames
    days = sorted(opt["quote_date"].unique())[::7]  # every 7th date keeps the plain-pandas rule quick
    mine = _summary_by_the_rule(opt[opt["quote_date"].isin(days)])
    stored = summary.merge(mine, on=["underlying_id", "date"], suffixes=("", "_mine"))
    assert len(stored) == len(mine) > 100
    for c in ("atm_iv_30d", "rr25", "bf25", "term_slope"):
        a, b = stored[c].to_numpy(dtype=float), stored[f"{c}_mine"].to_numpy(dtype=float)
        assert (np.isnan(a) == np.isnan(b)).all(), c
        assert np.nanmax(np.abs(a - b)) <= 1.0001e-4, c  # rounding to 4 decimals only
    assert summary["atm_iv_30d"].notna().all()
    assert summary["rr25"].notna().mean() > 0.9


def _mean(summary, column, start, end, ids=CHIP_IDS):
    w = summary[summary["underlying_id"].isin(ids) & summary["date"].between(start, end)]
    return w.groupby("underlying_id")[column].mean().mean()


def test_euphoria_brings_call_skew_to_the_chip_names(frames):
    summary = frames[1]
    assert 3.0 <= _mean(summary, "rr25", "2037-03-01", "2037-05-27") <= 7.0
    assert _mean(summary, "rr25", "2036-01-01", "2036-09-30") < -2.0


def test_the_sell_off_flips_the_risk_reversal_to_about_minus_12(frames):
    assert -15.0 <= _mean(frames[1], "rr25", "2037-06-12", "2037-06-22") <= -9.0


def test_the_term_structure_inverts_by_more_than_10_points_in_the_sell_off(frames):
    summary = frames[1]
    assert _mean(summary, "term_slope", "2037-06-12", "2037-06-22") <= -10.0
    peak = summary[summary["date"].between("2037-06-12", "2037-06-22")].groupby("underlying_id")["term_slope"].min()
    assert (peak <= -10.0).all()
    assert _mean(summary, "term_slope", "2036-01-01", "2036-09-30") > -2.0


def test_out_of_the_money_call_open_interest_builds_in_the_euphoria(frames):
    opt = frames[0]
    otm = opt[(opt["cp"] == "C") & (opt["strike"] > 1.05 * opt["und_close"]) & opt["underlying_id"].isin(CHIP_IDS)]
    by_day = otm.groupby("quote_date")["open_interest"].sum()
    assert by_day[pd.Timestamp("2037-05-27")] >= 2.0 * by_day[pd.Timestamp("2037-01-02")]


def test_put_spreads_widen_more_than_call_spreads_in_the_sell_off(frames):
    opt = frames[0]
    q = opt[(opt["bid"] > 0) & (opt["bid"] <= opt["ask"]) & opt["delta"].abs().between(0.2, 0.8)]
    rel = (q["ask"] - q["bid"]) / ((q["ask"] + q["bid"]) / 2)
    calm, sell = q["quote_date"] < "2036-10-01", q["quote_date"].between("2037-06-12", "2037-06-22")
    widening = {cp: rel[sell & (q["cp"] == cp)].median() / rel[calm & (q["cp"] == cp)].median() for cp in "CP"}
    assert widening["P"] >= 1.5
    assert widening["P"] >= 1.3 * widening["C"]


def test_hidden_variants_differ_from_the_visible_one(lite_root):
    sums = []
    for v in datasets.VARIANTS:
        with connect(lite_root, "lite", "D06", v) as con:
            sums.append(con.execute("SELECT sum(open_interest), sum(iv) FROM opt_eod").fetchone())
    assert sums[0] != sums[1]
    assert sums[0] != sums[2]
