import numpy as np
import pandas as pd

sessions = trading_calendar.loc[(trading_calendar["venue"] == "NXO") & trading_calendar["is_open"], ["cal_date"]]
o = opt_eod.merge(sessions, left_on="quote_date", right_on="cal_date")
day = pd.to_datetime(o["quote_date"])
o = o[day.between(pd.Timestamp("2037-05-01"), pd.Timestamp("2037-07-31")) & o["iv"].notna() & (o["bid"] <= o["ask"])]
o = o.assign(dte=(pd.to_datetime(o["expiry"]) - pd.to_datetime(o["quote_date"])).dt.days)
keys = ["underlying_id", "quote_date"]

expiries = o[[*keys, "expiry", "dte"]].drop_duplicates().assign(dist=lambda f: (f["dte"] - 30).abs())
target = expiries.sort_values([*keys, "dist", "dte"]).groupby(keys).head(1)[[*keys, "expiry"]]
o = o.merge(target, on=[*keys, "expiry"])


def nearest(rows: pd.DataFrame, goal: float) -> pd.DataFrame:
    rows = rows.assign(dist=(rows["delta"] - goal).abs())
    return rows.sort_values([*keys, "dist", "strike"]).groupby(keys).head(1)


calls = nearest(o[o["cp"] == "C"], 0.25)
puts = nearest(o[o["cp"] == "P"], -0.25)
both = calls.merge(puts, on=[*keys, "expiry"], suffixes=("_c", "_p"))
both = both.merge(securities[["security_id", "ticker"]], left_on="underlying_id", right_on="security_id")
result = pd.DataFrame({
    "ticker": both["ticker"],
    "quote_date": both["quote_date"],
    "expiry": both["expiry"],
    "call_strike": both["strike_c"],
    "call_delta": both["delta_c"],
    "put_strike": both["strike_p"],
    "put_delta": both["delta_p"],
    "rr25": np.round(100 * (both["iv_c"] - both["iv_p"]), 4),
}).sort_values(["ticker", "quote_date"], ignore_index=True)
