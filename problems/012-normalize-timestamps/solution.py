import pandas as pd

b = bars_1m.merge(securities[["security_id", "venue"]], on="security_id")
raw = b["ts_raw"]
epoch = raw.str.fullmatch(r"[0-9]+")
iso = raw.str.contains("T", regex=False)
seoul = ~epoch & ~iso

ts = pd.Series(pd.NaT, index=b.index, dtype="datetime64[ns]")
ts[epoch] = pd.to_datetime(raw[epoch].astype("int64"), unit="ms")
ts[iso] = pd.to_datetime(raw[iso], format="%Y-%m-%dT%H:%M:%S%z", utc=True).dt.tz_localize(None)
ts[seoul] = pd.to_datetime(raw[seoul], format="%Y-%m-%d %H:%M:%S") - pd.Timedelta(hours=9)
b["hour_utc"] = ts.dt.floor("h")

w = b[(ts >= pd.Timestamp("2037-06-16")) & (ts < pd.Timestamp("2037-06-18"))]
result = (
    w.groupby(["venue", "hour_utc"])
    .agg(n_bars=("ts_raw", "size"), volume=("volume", lambda v: v.sum(min_count=1)))
    .reset_index()
)
result["volume"] = result["volume"].astype("Int64")
