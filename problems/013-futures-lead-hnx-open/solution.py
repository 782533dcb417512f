import numpy as np
import pandas as pd

# HNX first-hour bars (Seoul 09:00-09:59: ts_raw is naive Seoul time)
hnx = securities.loc[securities["venue"] == "HNX", ["security_id", "ticker"]]
b = bars_1m.merge(hnx, on="security_id")
b = b[b["ts_raw"].str[11:13] == "09"].copy()
b["start"] = b["ts_utc"]
b["end"] = b["start"] + pd.Timedelta(minutes=1)
b["day"] = b["ts_raw"].str[:10]
b = b.sort_values(["security_id", "start"])
by_session = b.groupby(["security_id", "day"])
# each return runs from the previous bar's close (its end) to this bar's close; the first from the open
b["r"] = np.log(b["close"] / by_session["close"].shift(1).fillna(b["open"]))
b["from"] = by_session["end"].shift(1).fillna(b["start"])

# the future's log price at each instant a bar closes (a bar closes one minute after it starts)
fut_px = pd.Series(
    np.log(futures_1m["close"].to_numpy()),
    index=pd.DatetimeIndex(futures_1m["ts_utc"]) + pd.Timedelta(minutes=1),
)

rows = []
for k in range(-5, 11):
    shift = pd.Timedelta(minutes=k)
    # HY with a full minute grid on one side: the overlapping future returns add up to its log change
    # over the HNX return's own interval, shifted k minutes earlier
    g = fut_px.reindex(b["end"] - shift).to_numpy() - fut_px.reindex(b["from"] - shift).to_numpy()
    for ticker, sel in b.groupby("ticker").indices.items():
        r, f = b["r"].to_numpy()[sel], g[sel]
        ok = ~np.isnan(f)
        r, f = r[ok], f[ok]
        rows.append((ticker, k, int(np.sum(ok)), float(np.sum(r * f) / np.sqrt(np.sum(r**2) * np.sum(f**2)))))

result = pd.DataFrame(rows, columns=["ticker", "lag_min", "n_pairs", "hy_corr"])
