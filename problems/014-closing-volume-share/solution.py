import pandas as pd

daily = eq_daily.sort_values(["security_id", "trade_date"]).copy()
daily["ret"] = daily["close"] / daily.groupby("security_id")["close"].shift(1) - 1
daily["trade_date"] = pd.to_datetime(daily["trade_date"])

nxs = securities.loc[securities["venue"] == "NXS", ["security_id", "ticker"]]
b = bars_1m.merge(nxs, on="security_id")
b["trade_date"] = pd.to_datetime(b["ts_raw"].str[:10])
b["close_volume"] = b["volume"].where(b["ts_raw"].str[11:16] >= "15:45", 0)
sess = (
    b.groupby(["security_id", "ticker", "trade_date"])
    .agg(close_volume=("close_volume", "sum"), volume=("volume", lambda v: v.sum(min_count=1)))
    .reset_index()
)
sess = sess.merge(daily[["security_id", "trade_date", "ret"]], on=["security_id", "trade_date"])
sess = sess[sess["volume"].notna() & (sess["ret"] != 0) & sess["ret"].notna()]
sess["share"] = sess["close_volume"].astype("float64") / sess["volume"].astype("float64")
sess["direction"] = sess["ret"].gt(0).map({True: "up", False: "down"})
result = (
    sess.groupby(["ticker", "direction"])
    .agg(sessions=("share", "size"), avg_close15_share=("share", "mean"))
    .reset_index()
)
