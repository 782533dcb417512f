import numpy as np
import pandas as pd

# the clean tape (problem 15's rules), without the closing auction
key = ["security_id", "trade_date", "seq"]
one = trades.sort_values([*key, "ts_ingest", "feed"]).drop_duplicates(key, keep="first")
fixes = one.loc[one["cond"].isin(["CANCEL", "CORR"]), ["security_id", "trade_date", "ref_seq", "cond", "price", "size"]]
fixes = fixes.rename(columns={"ref_seq": "seq", "cond": "fix", "price": "fix_price", "size": "fix_size"})
fixes["seq"] = fixes["seq"].astype("int64")
c = one[one["cond"].isin(["REG", "ODD"])].copy()
c["seq"] = c["seq"].astype("int64")
c = c.merge(fixes, on=key, how="left")
corr = c["fix"].eq("CORR")
c["price"] = np.where(corr, c["fix_price"], c["price"])
c["size"] = np.where(corr, c["fix_size"], c["size"]).astype("float64")
c = c[~c["fix"].eq("CANCEL")].sort_values(key).copy()

# tick test: the last non-zero price change so far, in seq order
g = ["security_id", "trade_date"]
c["move"] = np.sign(c["price"] - c.groupby(g)["price"].shift(1)).replace(0, np.nan)
c["tick"] = c.groupby(g)["move"].ffill()

# prevailing valid quote at t and at t + 60 s (as-of joins)
q = quotes[quotes["bid"] < quotes["ask"]].copy()
q["t"] = q["ts"]
q["mid"] = (q["bid"] + q["ask"]) / 2
q = q.sort_values("t")[["security_id", "t", "mid"]]
c["t"] = c["ts_exch"]
c["t1"] = c["t"] + pd.Timedelta(seconds=60)
c = pd.merge_asof(c.sort_values("t"), q, on="t", by="security_id")
later = q.rename(columns={"t": "t1", "mid": "mid_later"})
c = pd.merge_asof(c.sort_values("t1"), later, on="t1", by="security_id")

c["d"] = np.where(c["price"] > c["mid"], 1.0, np.where(c["price"] < c["mid"], -1.0, c["tick"]))
c["eff"] = c["size"] * 2 * (c["price"] - c["mid"]).abs() / c["mid"] * 1e4
c["impact"] = c["size"] * 2 * c["d"] * (c["mid_later"] - c["mid"]) / c["mid"] * 1e4
c["realized"] = c["size"] * 2 * c["d"] * (c["price"] - c["mid_later"]) / c["mid"] * 1e4
c["signed_size"] = c["size"].where(c["d"].notna())
c["buy"] = (c["d"] == 1).astype(float).where(c["d"].notna())
out = c.groupby(g).agg(
    prints=("seq", "size"), signed_prints=("d", "count"), buy_share=("buy", "mean"),
    eff=("eff", "sum"), size=("size", "sum"), impact=("impact", "sum"), realized=("realized", "sum"),
    signed_size=("signed_size", "sum"),
).reset_index()
out["eff_spread_bp"] = out["eff"] / out["size"]
out["impact_1m_bp"] = out["impact"] / out["signed_size"]
out["realized_1m_bp"] = out["realized"] / out["signed_size"]
out = out.merge(securities[["security_id", "ticker"]], on="security_id")
result = out[["ticker", "trade_date", "prints", "signed_prints", "buy_share", "eff_spread_bp", "impact_1m_bp",
              "realized_1m_bp"]]
