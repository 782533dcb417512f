import numpy as np
import pandas as pd
from scipy.stats import norm


def bs_price(s, k, t, r, sigma, cp):
    vol_t = sigma * np.sqrt(t)
    d1 = (np.log(s / k) + (r + 0.5 * sigma**2) * t) / vol_t
    return cp * (s * norm.cdf(cp * d1) - k * np.exp(-r * t) * norm.cdf(cp * (d1 - vol_t)))


def implied_vol(price, s, k, t, r, cp):
    """Bisection on [0, 5] for all rows at once; NaN where no volatility reproduces the price."""
    lower = np.maximum(cp * (s - k * np.exp(-r * t)), 0.0)
    ok = (price > lower) & (price < bs_price(s, k, t, r, 5.0, cp))
    lo, hi = np.zeros(len(price)), np.full(len(price), 5.0)
    for _ in range(60):
        mid = (lo + hi) / 2
        low = bs_price(s, k, t, r, mid, cp) < price
        lo, hi = np.where(low, mid, lo), np.where(low, hi, mid)
    return np.where(ok, (lo + hi) / 2, np.nan)


sessions = trading_calendar.loc[(trading_calendar["venue"] == "NXO") & trading_calendar["is_open"], ["cal_date"]]
o = opt_eod.copy()
day = pd.to_datetime(o["quote_date"])
o = o[day.between(pd.Timestamp("2037-06-08"), pd.Timestamp("2037-06-26"))].reset_index(drop=True)

s, k, r = o["und_close"].to_numpy(), o["strike"].to_numpy(), o["rate"].to_numpy()
t = (pd.to_datetime(o["expiry"]) - pd.to_datetime(o["quote_date"])).dt.days.to_numpy() / 365.0
cp = np.where(o["cp"] == "C", 1.0, -1.0)
bid, ask = o["bid"].to_numpy(), o["ask"].to_numpy()
mid = (bid + ask) / 2
iv_mid = implied_vol(mid, s, k, t, r, cp)
iv_bid = implied_vol(bid, s, k, t, r, cp)
iv_ask = implied_vol(ask, s, k, t, r, cp)
stored = o["iv"].to_numpy(dtype=float)

o["crossed"] = bid > ask
o["zero_bid"] = bid == 0
o["below_intrinsic"] = mid <= np.maximum(cp * (s - k * np.exp(-r * t)), 0.0)
o["iv_null"] = np.isnan(stored)
o["mismatch"] = (np.isnan(iv_mid) != np.isnan(stored)) | (np.abs(iv_mid - stored) > 1e-5)
spread_ok = (bid > 0) & (bid <= ask) & ~np.isnan(iv_bid) & ~np.isnan(iv_ask)
spread = np.where(spread_ok, 100 * (iv_ask - iv_bid), np.nan)
o["call_spread"] = np.where(cp > 0, spread, np.nan)
o["put_spread"] = np.where(cp < 0, spread, np.nan)

o = o.merge(securities[["security_id", "ticker"]], left_on="underlying_id", right_on="security_id")
agg = o.groupby(["ticker", "quote_date"]).agg(
    n_quotes=("option_id", "size"),
    n_crossed=("crossed", "sum"),
    n_zero_bid=("zero_bid", "sum"),
    n_below_intrinsic=("below_intrinsic", "sum"),
    n_iv_null=("iv_null", "sum"),
    n_mismatch=("mismatch", "sum"),
    avg_call_vol_spread=("call_spread", "mean"),
    avg_put_vol_spread=("put_spread", "mean"),
).reset_index()
for c in ["n_quotes", "n_crossed", "n_zero_bid", "n_below_intrinsic", "n_iv_null", "n_mismatch"]:
    agg[c] = agg[c].astype("int64")
for c in ["avg_call_vol_spread", "avg_put_vol_spread"]:
    agg[c] = agg[c].round(4)
agg["quote_date"] = pd.to_datetime(agg["quote_date"]).dt.date
result = agg.sort_values(["ticker", "quote_date"], ignore_index=True)
