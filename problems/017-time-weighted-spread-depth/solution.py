import numpy as np
import pandas as pd

FIVE = pd.Timedelta(minutes=5)
q = quotes[quotes["bid"] < quotes["ask"]].copy()
q["t"] = q["ts"]
q["day"] = q["t"].dt.normalize()
q["spread_bp"] = (q["ask"] - q["bid"]) / ((q["ask"] + q["bid"]) / 2) * 1e4

# session grid: 78 five-minute buckets from each session's first quote (09:30 New York)
opens = q.groupby(["security_id", "day"])["t"].min().rename("open").reset_index()
grid = opens.loc[opens.index.repeat(78)].copy()
grid["b"] = grid["open"] + FIVE * np.tile(np.arange(78), len(opens))

# add the bucket boundaries as rows carrying the quote in force, then weight each row by its duration
marks = grid[["security_id", "day", "b"]].rename(columns={"b": "t"})
both = pd.concat([q[["security_id", "day", "t", "spread_bp"]].assign(is_quote=1), marks.assign(is_quote=0)])
both = both.sort_values(["security_id", "t", "is_quote"])
both["spread_bp"] = both.groupby(["security_id", "day"])["spread_bp"].ffill()
both = both.merge(opens, on=["security_id", "day"])
end = both["open"] + pd.Timedelta(hours=6, minutes=30)
both["dur"] = (both.groupby(["security_id", "day"])["t"].shift(-1).fillna(end) - both["t"]).dt.total_seconds()
both["b"] = both["open"] + FIVE * ((both["t"] - both["open"]) // FIVE)
both["w"] = both["spread_bp"] * both["dur"]
tw = both.groupby(["security_id", "day", "b"]).agg(w=("w", "sum"), dur=("dur", "sum"), n_quotes=("is_quote", "sum"))
tw["tw_spread_bp"] = tw["w"] / tw["dur"]
tw = tw.reset_index()

# depth within 5 bp of the snapshot's mid, in dollars, averaged over the bucket's snapshots
d = depth_10s.copy()
d["t"] = d["ts"]
d["day"] = d["t"].dt.normalize()
l1 = d[d["level"] == 1].groupby(["security_id", "t"])["px"].mean().rename("mid")
d = d.join(l1, on=["security_id", "t"])
d["usd"] = np.where((d["px"] - d["mid"]).abs() <= 5e-4 * d["mid"], d["px"] * d["sz"], 0.0)
snap = d.groupby(["security_id", "day", "t"])["usd"].sum().reset_index().merge(opens, on=["security_id", "day"])
snap["b"] = snap["open"] + FIVE * ((snap["t"] - snap["open"]) // FIVE)
dep = snap.groupby(["security_id", "day", "b"])["usd"].mean().rename("depth5_usd").reset_index()

out = grid.merge(tw, on=["security_id", "day", "b"], how="left").merge(dep, on=["security_id", "day", "b"], how="left")
out = out.merge(securities[["security_id", "ticker"]], on="security_id")
ny = out["b"].dt.tz_localize("UTC").dt.tz_convert("America/New_York")
out["trade_date"] = ny.dt.date
out["bucket_start"] = ny.dt.strftime("%H:%M")
out["n_quotes"] = out["n_quotes"].astype("int64")
out["depth5_usd"] = out["depth5_usd"].fillna(0.0)  # a halt: no book
result = out[["ticker", "trade_date", "bucket_start", "tw_spread_bp", "depth5_usd", "n_quotes"]]
