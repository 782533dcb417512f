import pandas as pd

nxs = securities.loc[securities["venue"] == "NXS", ["security_id", "ticker"]]
b = bars_1m.merge(nxs, on="security_id")
t = pd.to_datetime(b["ts_utc"])
b["trade_date"] = t.dt.normalize()
b = b[b["trade_date"].between(pd.Timestamp("2037-05-28"), pd.Timestamp("2037-06-11"))].copy()
# ts_utc is naive UTC: tag it as UTC, convert to New York, then bucket the local time
local = pd.to_datetime(b["ts_utc"]).dt.tz_localize("UTC").dt.tz_convert("America/New_York")
b["bucket_start"] = local.dt.floor("30min").dt.strftime("%H:%M")

keys = ["ticker", "trade_date", "bucket_start"]
g = b.groupby(keys)["volume"].sum(min_count=1).reset_index()
g["share"] = g["volume"] / g.groupby(["ticker", "trade_date"])["volume"].transform(lambda v: v.sum(min_count=1))
g = g[g["share"].notna()]  # sessions whose volume the feed lost
result = (
    g.groupby(["ticker", "bucket_start"])
    .agg(sessions=("share", "size"), avg_volume_share=("share", "mean"))
    .reset_index()
    .sort_values(["ticker", "bucket_start"], ignore_index=True)
)
