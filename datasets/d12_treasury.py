"""D12 Bitcoin-treasury company: Keystone Ledger Corp. (ZKLC), its bitcoin, its financing chain.

Keystone sells its own stock at the market (ATM) while the stock trades above the bitcoin it
owns (mNAV > 1) and buys bitcoin with the proceeds; it also taps its convertible notes (ZKLV,
ZKLW) and its two preferreds (ZKLP fixed 8 %, ZKLS variable with a monthly reset). Purchases
are filed weekly (Mondays, or the next NXS session), so daily holdings need an as-of join.

mNAV on an NXS session d = (shares_out * ZKLC's eq_daily.close + convertible face + preferred
notional - cash) / (BTC held as of d * D11's btc_fix_daily price), everything as stored; the
company's dashboard figure ``company_daily.mnav`` is exactly that, rounded to 6 decimals.

The ATM brings the premium down from 2.5x towards ~1.05-1.1 before the sell-off; when mNAV falls
below 1 (on 2037-06-22, after the Juneteenth weekend) the ATM stops for good, the preferreds slide
from par to ~$74, ZKLS's rate steps up 25 bp a month, and the company starts selling bitcoin (at
most ``btc_sale_cap`` a month, see ``company_policy``) to pay its dividends. The USD reserve then
covers ~14 months of dividends.

ZKLC's price is D02's (the same security); D12 owns the capital structure around it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from datasets.calendar import sessions
from datasets.dictionary import IS_SYNTHETIC, ChartInfo, DatasetInfo, TableInfo, col
from datasets.seeds import generator
from datasets.ticks import round_half_away

ID = "D12"
STREAM = 12
D = dt.date
START = D(2036, 1, 2)
END = D(2037, 9, 30)
SELLOFF = D(2037, 6, 12)
TARGET_END = D(2037, 6, 15)
"""The last filing of the ATM's glide path: mNAV's target reaches its floor here."""
MNAV_START, MNAV_FLOOR = 2.5, 1.08
FLOOR = 1.08
"""The ATM never sells so much that mNAV would fall below this before the sell-off."""
SHARES_0 = 60_000_000
CASH_0 = 250_000_000.0
RESERVE_MONTHS = 18
"""While the ATM runs, it keeps the USD reserve at this many months of dividends and coupons."""
STEP = 0.0025
MAX_RATE = 0.14
# ticker, kind, seniority, par, rate, reset, payments a year, maturity, conversion price, opening units
INSTRUMENTS = (
    ("ZKLV", "CONV", 1, 1000.0, 0.0, "FIXED", 0, D(2040, 12, 1), 520.0, 800_000),
    ("ZKLW", "CONV", 1, 1000.0, 0.00625, "FIXED", 2, D(2041, 6, 1), 610.0, 400_000),
    ("ZKLP", "PREF", 2, 100.0, 0.08, "FIXED", 4, None, None, 6_500_000),
    ("ZKLS", "PREF", 3, 100.0, 0.10, "MONTHLY", 12, None, None, 5_000_000),
    ("ZKLC", "COMMON", 4, None, None, None, 0, None, None, SHARES_0),
)
TAPS = ((D(2036, 5, 18), "ZKLW", 400_000, "CONV"), (D(2036, 9, 14), "ZKLS", 4_000_000, "PREF"),
        (D(2037, 2, 8), "ZKLV", 500_000, "CONV"), (D(2037, 3, 22), "ZKLP", 2_500_000, "PREF"))
"""(week, instrument, units, ledger source): follow-on offerings whose proceeds buy bitcoin."""

DATASET = DatasetInfo(
    id=ID,
    title="Bitcoin-treasury company",
    story=(
        "Keystone Ledger Corp. (ZKLC) turns stock, convertible notes and preferreds into bitcoin. "
        "While its shares trade at a premium to the bitcoin it holds (mNAV 2.5x in early 2036) it "
        "sells stock at the market and buys; the premium melts towards 1, and after the Juneteenth "
        "weekend it falls below 1: the at-the-market sales stop, the preferreds slide from $100 to "
        "about $74 while the variable one steps its rate up 25 bp a month, and the company sells "
        "bitcoin for the first time to pay its dividends. Holdings are filed weekly."
    ),
    depends_on=("D02", "D11"),
    tables=[
        TableInfo(
            "instruments",
            "Keystone's securities (security_id as in securities) and their terms.",
            [
                col("security_id", "INTEGER", "", "Security (securities.security_id)."),
                col("ticker", "VARCHAR", "", "Ticker."),
                col("kind", "VARCHAR", "", "COMMON, PREF (perpetual preferred) or CONV (convertible note)."),
                col("seniority", "INTEGER", "rank", "1 = most senior claim (notes), then the preferreds, 4 = common."),
                col("par", "DOUBLE", "USD per unit", "Par of a preferred share (100) or face of a note (1000).", True),
                col("rate", "DOUBLE", "fraction per year", "Dividend or coupon rate at issue.", True),
                col("rate_reset", "VARCHAR", "", "FIXED or MONTHLY (reset on each month's first session).", True),
                col("pay_per_year", "INTEGER", "", "Dividend or coupon payments a year (0: none)."),
                col("maturity", "DATE", "", "Maturity of a note; NULL for perpetual and common.", True),
                col("conversion_price", "DOUBLE", "USD per ZKLC share", "Conversion price of a note.", True),
                IS_SYNTHETIC,
            ],
            ("security_id",),
        ),
        TableInfo(
            "instrument_daily",
            "Closing price and amount outstanding of each preferred and note per NXS session. "
            "notional_usd = units_out * par.",
            [
                col("security_id", "INTEGER", "", "Preferred or note (instruments)."),
                col("date", "DATE", "", "NXS session."),
                col("close", "DOUBLE", "USD per 100 of par/face", "Closing price, percent of par."),
                col("units_out", "BIGINT", "units", "Preferred shares or notes (of 1000 face) outstanding."),
                col("notional_usd", "DOUBLE", "USD", "units_out * par: the claim counted in mNAV."),
                col("rate", "DOUBLE", "fraction per year", "Dividend or coupon rate in force."),
                IS_SYNTHETIC,
            ],
            ("security_id", "date"),
        ),
        TableInfo(
            "company_daily",
            "Keystone's dashboard per NXS session. mnav = round((shares_out * eq_daily.close of ZKLC "
            "+ sum(instrument_daily.notional_usd) - cash_usd) / (btc held as of the date from "
            "btc_ledger * btc_fix_daily.price_usd), 6).",
            [
                col("date", "DATE", "", "NXS session."),
                col("shares_out", "BIGINT", "shares", "ZKLC shares outstanding."),
                col("cash_usd", "DOUBLE", "USD", "USD reserve at the close."),
                col("mnav", "DOUBLE", "ratio", "The company's published mNAV (see the table description)."),
            ],
            ("date",),
        ),
        TableInfo(
            "btc_ledger",
            "Bitcoin bought and sold, as filed every week (Monday, or the next NXS session): one row "
            "per filing and funding source. Holdings on a date = sum of btc_delta filed on or before it.",
            [
                col("date", "DATE", "", "Filing date: the change counts from this date on."),
                col("source", "VARCHAR", "", "OPENING (holdings at the start), ATM, CONV, PREF or SALE."),
                col("btc_delta", "DOUBLE", "BTC", "Bitcoin bought (negative: sold), 4 decimals."),
                col("usd_cost", "DOUBLE", "USD", "Paid (negative: received for a sale)."),
            ],
            ("date", "source"),
        ),
        TableInfo(
            "dividends",
            "Dividends of the preferreds and coupons of the notes, paid on the last NXS session of "
            "the month. total_usd = round(amount_per_unit * units, 2).",
            [
                col("security_id", "INTEGER", "", "Preferred or note."),
                col("pay_date", "DATE", "", "Payment date."),
                col("kind", "VARCHAR", "", "DIVIDEND or COUPON."),
                col("rate", "DOUBLE", "fraction per year", "Rate for the period."),
                col("amount_per_unit", "DOUBLE", "USD", "round(par * rate / pay_per_year, 6)."),
                col("units", "BIGINT", "units", "Units outstanding on the payment date."),
                col("total_usd", "DOUBLE", "USD", "Paid in total."),
                IS_SYNTHETIC,
            ],
            ("security_id", "pay_date"),
        ),
        TableInfo(
            "company_policy",
            "The treasury policy the company published (one row per parameter).",
            [
                col("name", "VARCHAR", "", "Parameter."),
                col("value", "DOUBLE", "see description", "Value."),
                col("description", "VARCHAR", "", "What it means."),
            ],
            ("name",),
        ),
    ],
    charts=(
        ChartInfo(
            "Keystone's mNAV",
            "SELECT date, mnav FROM company_daily ORDER BY 1",
            "From a 2.5x premium towards 1, and below 1 after the Juneteenth weekend.",
            "x the bitcoin it holds",
        ),
        ChartInfo(
            "Keystone's preferreds",
            "SELECT d.date, max(d.close) FILTER (WHERE i.ticker = 'ZKLP') AS ZKLP, "
            "max(d.close) FILTER (WHERE i.ticker = 'ZKLS') AS ZKLS FROM instrument_daily d "
            "JOIN instruments i USING (security_id) GROUP BY 1 ORDER BY 1",
            "At par until the sell-off, then towards $74.",
            "USD per 100 par",
        ),
    ),
)


def generate(profile: str, variant: int, parents: Mapping[str, Mapping[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Build D12 from ZKLC's closes (D02) and the bitcoin fix (D11); the same in lite and full."""
    rng = generator(STREAM, variant, 0)
    secs = parents["D01"]["securities"].set_index("ticker")["security_id"]
    days = [d for d in sessions("NXS", variant) if START <= d <= END]
    eq = parents["D02"]["eq_daily"]
    zklc = eq[eq["security_id"] == secs["ZKLC"]]
    close = pd.Series(zklc["close"].to_numpy(), index=pd.to_datetime(zklc["trade_date"]))
    stock = close.reindex(pd.to_datetime(days)).to_numpy()
    if np.isnan(stock).any():
        raise ValueError("ZKLC has no D02 close on some NXS session")
    fix = parents["D11"]["btc_fix_daily"]
    btc = fix.set_index(pd.to_datetime(fix["date"]))["price_usd"]
    sim = _simulate(days, stock, btc, rng)
    instruments = _instruments(secs)
    inst_daily = _instrument_daily(days, sim, secs, stock, btc, rng)
    return {
        "instruments": instruments,
        "instrument_daily": inst_daily,
        "company_daily": sim["company"],
        "btc_ledger": sim["ledger"],
        "dividends": _dividends(sim["dividends"], secs),
        "company_policy": sim["policy"],
    }


def _dividends(div: pd.DataFrame, secs: pd.Series) -> pd.DataFrame:
    div.insert(0, "security_id", div.pop("ticker").map(secs).astype(np.int32))
    div["pay_date"] = np.array(div["pay_date"].tolist(), dtype="datetime64[D]")
    div["is_synthetic"] = True
    return div.sort_values(["security_id", "pay_date"], ignore_index=True)


def _instruments(secs: pd.Series) -> pd.DataFrame:
    rows = [(int(secs[t]), t, kind, sen, par, rate, reset, n, mat, conv)
            for t, kind, sen, par, rate, reset, n, mat, conv, _u in INSTRUMENTS]
    frame = pd.DataFrame(rows, columns=["security_id", "ticker", "kind", "seniority", "par", "rate", "rate_reset",
                                        "pay_per_year", "maturity", "conversion_price"])
    frame["maturity"] = pd.Series(list(frame["maturity"]), dtype=object)
    frame["is_synthetic"] = True
    return frame.sort_values("security_id", ignore_index=True)


def _filing_days(days: list[dt.date]) -> set[dt.date]:
    """The first NXS session of each week (Monday, or the next session after a holiday)."""
    out, seen = set(), set()
    for d in days:
        week = d.isocalendar()[:2]
        if week not in seen:
            seen.add(week)
            out.add(d)
    return out


def _pay_days(days: list[dt.date]) -> set[dt.date]:
    """The last NXS session of each month."""
    last: dict[tuple[int, int], dt.date] = {}
    for d in days:
        last[(d.year, d.month)] = d
    return set(last.values())


class _Book:
    """The capital structure as it evolves: units per instrument, shares, cash, bitcoin."""

    def __init__(self) -> None:
        self.units = {t: u for t, *_rest, u in INSTRUMENTS if t != "ZKLC"}
        self.par = {t: p for t, _k, _s, p, *_r in INSTRUMENTS if t != "ZKLC"}
        self.rate = {t: r for t, _k, _s, _p, r, *_x in INSTRUMENTS if t != "ZKLC"}
        self.shares = SHARES_0
        self.cash = CASH_0
        self.btc = 0.0

    def claims(self) -> float:
        return float(sum(self.units[t] * self.par[t] for t in self.units))

    def monthly_obligation(self) -> float:
        """Dividends and coupons per month at the rates in force."""
        return sum(self.units[t] * self.par[t] * self.rate[t] for t in self.units) / 12


def _target(day: dt.date) -> float:
    """The ATM's glide path for mNAV: 2.5 at the start to MNAV_FLOOR on TARGET_END."""
    span = (TARGET_END - START).days
    left = max((TARGET_END - day).days, 0) / span
    return MNAV_FLOOR + (MNAV_START - MNAV_FLOOR) * left**1.4


def _simulate(days, stock, btc, rng) -> dict[str, pd.DataFrame]:
    """Walk the sessions: weekly filings (ATM, taps, sales), monthly dividends, daily mNAV."""
    filings, pays = _filing_days(days), _pay_days(days)
    fix = btc.reindex(pd.to_datetime(days)).to_numpy()
    book = _Book()
    ev0 = SHARES_0 * stock[0] + book.claims() - book.cash
    book.btc = float(np.round(ev0 / (MNAV_START * fix[0]), 4))
    ledger = [(days[0] - dt.timedelta(days=4), "OPENING", book.btc, round(book.btc * fix[0] * 0.97, 2))]
    company, dividends, zkls_close = [], [], []
    atm_open, sale_cap, last_pay = True, None, None
    zkls_px = _pref_path(days, fix, rng, "ZKLS")
    for i, day in enumerate(days):
        if day.day <= 7 and day.month != days[max(i - 1, 0)].month and i:  # first session of a month
            _reset_variable_rate(book, zkls_px[i - 1])
        if day in filings and i:
            week = slice(max(i - 5, 0), i)
            p_wk, b_wk = float(stock[week].mean()), float(np.mean(fix[week]))
            for t_day, ticker, units, source in TAPS:
                if 0 <= (day - t_day).days < 7:
                    usd = units * book.par[ticker]
                    book.units[ticker] += units
                    _buy(ledger, book, day, source, usd, b_wk)
            if atm_open:
                # the ATM stops for good at the first filing below mNAV 1 or after the sell-off week
                if _mnav(book, stock[i], fix[i]) < 1.0 or day >= SELLOFF + dt.timedelta(days=7):
                    atm_open = False
                    sale_cap = float(np.round(book.monthly_obligation() / fix[i] * 0.95, -2))
                else:
                    _atm(ledger, book, day, i, stock, fix, p_wk, b_wk)
            elif last_pay is not None and (day - last_pay).days < 7:
                # after a dividend date: sell bitcoin (up to the cap) for what was paid
                need = min(book.monthly_obligation() / b_wk, sale_cap)
                btc_sold = float(np.round(need, 4))
                book.btc = float(np.round(book.btc - btc_sold, 4))
                proceeds = round(btc_sold * b_wk, 2)
                book.cash = round(book.cash + proceeds, 2)
                ledger.append((day, "SALE", -btc_sold, -proceeds))
        if day in pays:
            book.cash = round(book.cash - _pay(dividends, book, day), 2)
            last_pay = day
        zkls_close.append(zkls_px[i])
        company.append((day, book.shares, book.cash, _mnav(book, stock[i], fix[i]), dict(book.units),
                        dict(book.rate)))
    out = _frames(company, ledger, dividends, sale_cap)
    out["zkls"] = np.array(zkls_close)
    return out


def _reset_variable_rate(book: _Book, last_close: float) -> None:
    """ZKLS: +25 bp below $99 at the month end, -25 bp above $101 (never under its issue rate)."""
    if last_close < 99.0:
        book.rate["ZKLS"] = round(min(book.rate["ZKLS"] + STEP, MAX_RATE), 6)
    elif last_close > 101.0:
        book.rate["ZKLS"] = round(max(book.rate["ZKLS"] - STEP, 0.10), 6)


def _mnav(book: _Book, stock: float, fix: float) -> float:
    cap = float(round_half_away(book.shares * stock, 2))
    return float(round_half_away((cap + book.claims() - book.cash) / (book.btc * fix), 6))


def _buy(ledger, book: _Book, day, source: str, usd: float, price: float) -> None:
    btc = float(np.round(usd / price, 4))
    book.btc = float(np.round(book.btc + btc, 4))
    cost = round(btc * price, 2)
    for k, row in enumerate(ledger):
        if row[0] == day and row[1] == source:
            ledger[k] = (day, source, round(row[2] + btc, 4), round(row[3] + cost, 2))
            return
    ledger.append((day, source, btc, cost))


def _atm(ledger, book: _Book, day, i, stock, fix, p_wk, b_wk) -> None:
    """Sell stock towards the glide path (at most 6 % of the shares a week), but never so much that
    mNAV would drop below FLOOR on a later session before the sell-off (or below 1 in the sell-off
    week) at the stored prices; top the USD reserve up to RESERVE_MONTHS of dividends, buy bitcoin."""
    horizon, floor = _horizon(day)
    fut = slice(i, i + horizon)
    p, b = stock[fut], fix[fut]
    need = max(0.0, RESERVE_MONTHS * book.monthly_obligation() - book.cash)

    def worst(x: float) -> float:
        reserve = min(x, need)
        num = book.shares * p + x / p_wk * p + book.claims() - book.cash - reserve
        den = (book.btc + (x - reserve) / b_wk) * b
        return float((num / den).min())

    target = _target(day) if day < SELLOFF else 1.0 + 1e-6  # in the sell-off week: as much as the floor allows
    equity = book.shares * stock[i] + book.claims() - book.cash
    nav = book.btc * fix[i]
    if equity <= target * nav or worst(0.0) < floor:
        return
    hi = min((equity - target * nav) / (target - 1), (0.06 if day < SELLOFF else 0.12) * book.shares * p_wk)
    lo = 0.0
    if worst(hi) < floor:
        for _ in range(40):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if worst(mid) >= floor else (lo, mid)
        hi = lo
    shares = int(hi // p_wk)
    if shares <= 0:
        return
    book.shares += shares
    raised = shares * p_wk
    reserve = min(raised, need)
    book.cash = round(book.cash + reserve, 2)
    _buy(ledger, book, day, "ATM", raised - reserve, b_wk)


def _horizon(day: dt.date) -> tuple[int, float]:
    """Sessions the ATM looks ahead and the mNAV it keeps: 1.05 up to the sell-off, 1.0 in its first week."""
    if day < SELLOFF:
        return (SELLOFF - day).days * 5 // 7 + 1, FLOOR
    return 4, 1.0


def _pay(dividends, book: _Book, day) -> float:
    """Dividends and coupons due on a month's last session; returns the cash paid."""
    total = 0.0
    for t, _kind, _s, par, _r, _reset, n, *_x in INSTRUMENTS:
        if not n or (12 // n and day.month % (12 // n)):
            continue
        amount = round(par * book.rate[t] / n, 6)
        paid = round(amount * book.units[t], 2)
        dividends.append((t, day, "COUPON" if _kind == "CONV" else "DIVIDEND", book.rate[t], amount,
                          book.units[t], paid))
        total += paid
    return total


def _pref_path(days, fix, rng, ticker: str) -> np.ndarray:
    """Closing prices (percent of par): near par until the sell-off, then a slide to ~$74 that moves
    with bitcoin. ZKLP (fixed 8 %) wanders a little more around par."""
    n = len(days)
    after = np.array([d >= SELLOFF for d in days])
    wander = 0.4 if ticker == "ZKLS" else 1.6
    noise = np.cumsum(rng.normal(0, 0.15, n))
    noise = wander * (noise - np.linspace(0, noise[-1], n)) / max(np.abs(noise).max(), 1e-9)
    k = np.cumsum(after) / max(after.sum(), 1)
    end = np.log(rng.uniform(0.72, 0.76) if ticker == "ZKLS" else rng.uniform(0.74, 0.78))
    logb = np.log(fix / fix[after.argmax() - 1])
    slide = np.where(after, end * np.sqrt(k) + 0.15 * (logb - logb[-1] * k), 0.0)
    return np.round(100 * np.exp(slide) + np.where(after, 0.3, 1.0) * noise, 2)


def _instrument_daily(days, sim, secs, stock, btc, rng) -> pd.DataFrame:
    fix = btc.reindex(pd.to_datetime(days)).to_numpy()
    frames = []
    units = sim["units"]
    rates = sim["rates"]
    for t, kind, _s, par, _r, _reset, _n, _mat, conv, _u in INSTRUMENTS:
        if kind == "COMMON":
            continue
        if kind == "PREF":
            close = sim["zkls"] if t == "ZKLS" else _pref_path(days, fix, rng, t)
        else:  # a note: bond floor plus the conversion option, from ZKLC's stored close
            moneyness = stock / conv
            close = np.round(86 + 30 * np.log1p(np.exp(3 * (moneyness - 1))) + rng.normal(0, 0.3, len(days)), 3)
        u = np.array([x[t] for x in units], dtype=np.int64)
        frames.append(pd.DataFrame({"security_id": np.int32(secs[t]), "date": np.array(days, dtype="datetime64[D]"),
                                    "close": close, "units_out": u, "notional_usd": u * par,
                                    "rate": [x[t] for x in rates], "is_synthetic": True}))
    return pd.concat(frames, ignore_index=True).sort_values(["security_id", "date"], ignore_index=True)


def _frames(company, ledger, dividends, sale_cap) -> dict:
    comp = pd.DataFrame([c[:4] for c in company], columns=["date", "shares_out", "cash_usd", "mnav"])
    comp["date"] = np.array(comp["date"].tolist(), dtype="datetime64[D]")
    led = pd.DataFrame(ledger, columns=["date", "source", "btc_delta", "usd_cost"])
    led["date"] = np.array(led["date"].tolist(), dtype="datetime64[D]")
    div = pd.DataFrame(dividends, columns=["ticker", "pay_date", "kind", "rate", "amount_per_unit", "units",
                                           "total_usd"])
    policy = pd.DataFrame(
        [
            ("reserve_months_target", float(RESERVE_MONTHS),
             "While the ATM runs, the USD reserve is kept at this many months of dividends and coupons."),
            ("atm_min_mnav", 1.0, "The ATM sells stock only while mNAV on the filing date is at least this."),
            ("pref_step_bp", STEP * 1e4,
             "ZKLS's rate moves up this many bp each month its previous month-end close is below $99."),
            ("pref_max_rate", MAX_RATE, "ZKLS's rate never exceeds this."),
            ("btc_sale_cap", float(sale_cap or 0.0),
             "Once the ATM has stopped, bitcoin sold to fund dividends is at most this many BTC a month."),
        ],
        columns=["name", "value", "description"],
    )
    return {"company": comp, "ledger": led, "dividends": div, "policy": policy,
            "units": [c[4] for c in company], "rates": [c[5] for c in company]}
