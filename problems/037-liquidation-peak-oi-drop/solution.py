import pandas as pd

totals = liquidations_1h.groupby("ts_utc", as_index=False)["usd"].sum()
peak = totals.sort_values(["usd", "ts_utc"], ascending=[False, True]).iloc[0]["ts_utc"]
liq = liquidations_1h[liquidations_1h["ts_utc"] == peak].groupby("venue")["usd"].sum()
a = oi_1h[oi_1h["ts_utc"] == peak][["venue", "pair", "oi_usd"]]
b = oi_1h[oi_1h["ts_utc"] == peak + pd.Timedelta(hours=24)][["venue", "pair", "oi_usd"]]
out = a.merge(b, on=["venue", "pair"], suffixes=("_peak", "_24h"))
result = pd.DataFrame({
    "venue": out["venue"],
    "peak_hour": peak,
    "liq_usd": out["venue"].map(liq).fillna(0.0),
    "oi_peak": out["oi_usd_peak"],
    "oi_24h": out["oi_usd_24h"],
    "oi_change": (out["oi_usd_24h"] / out["oi_usd_peak"] - 1).round(6),
}).sort_values("venue", ignore_index=True)
