import numpy as np
import pandas as pd

# the clean tape (problem 15's rules)
key = ["security_id", "trade_date", "seq"]
one = trades.sort_values([*key, "ts_ingest", "feed"]).drop_duplicates(key, keep="first")
fixes = one.loc[one["cond"].isin(["CANCEL", "CORR"]), ["security_id", "trade_date", "ref_seq", "cond", "price", "size"]]
fixes = fixes.rename(columns={"ref_seq": "seq", "cond": "fix", "price": "fix_price", "size": "fix_size"})
fixes["seq"] = fixes["seq"].astype("int64")
c = one[one["cond"].isin(["REG", "ODD", "CLOSE_AUCT"])].copy()
c["seq"] = c["seq"].astype("int64")
c = c.merge(fixes, on=key, how="left")
corr = c["fix"].eq("CORR")
c["price"] = np.where(corr, c["fix_price"], c["price"])
c["size"] = np.where(corr, c["fix_size"], c["size"]).astype("float64")
c = c[~c["fix"].eq("CANCEL")].copy()
c["notional"] = c["price"] * c["size"]
g = ["security_id", "trade_date"]
dv = c.groupby(g)["notional"].sum().rename("dollar_volume").reset_index()

# daily return from the daily bars
daily = eq_daily.sort_values(["security_id", "trade_date"]).copy()
daily["ret"] = daily["close"] / daily.groupby("security_id")["close"].shift(1) - 1

# tick-rule signs, 5-minute buckets, Kyle regression per name-session
p = c[c["cond"].isin(["REG", "ODD"])].sort_values(key).copy()
p["move"] = np.sign(p["price"] - p.groupby(g)["price"].shift(1)).replace(0, np.nan)
p["d"] = p.groupby(g)["move"].ffill()
p["t"] = p["ts_exch"]
p["b"] = p["t"].dt.floor("5min")
p["signed"] = (p["d"] * p["notional"]).fillna(0.0)
b = p.groupby([*g, "b"]).agg(flow=("signed", "sum"), last_price=("price", "last")).reset_index()
b["flow_musd"] = b["flow"] / 1e6
b = b.sort_values([*g, "b"])
b["ret_bp"] = 1e4 * np.log(b["last_price"] / b.groupby(g)["last_price"].shift(1))
b = b.dropna(subset=["ret_bp"])


def kyle(x):
    slope = np.polyfit(x["flow_musd"], x["ret_bp"], 1)[0]
    r = np.corrcoef(x["flow_musd"], x["ret_bp"])[0, 1]
    return pd.Series({"buckets": len(x), "kyle_lambda": slope, "r2": r * r})


k = b.groupby(g)[["flow_musd", "ret_bp"]].apply(kyle).reset_index()
out = k.merge(dv, on=g).merge(daily[[*g, "ret"]], on=g).merge(securities[["security_id", "ticker"]], on="security_id")
out["amihud"] = out["ret"].abs() * 1e4 / (out["dollar_volume"] / 1e6)
out["buckets"] = out["buckets"].astype("int64")
result = out[["ticker", "trade_date", "ret", "dollar_volume", "amihud", "buckets", "kyle_lambda", "r2"]]
