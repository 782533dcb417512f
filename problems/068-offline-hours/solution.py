import pandas as pd

hours = pd.date_range(ohlcv_1h["ts_utc"].min(), ohlcv_1h["ts_utc"].max(), freq="h")
expected = crypto_pairs[["venue", "pair"]].merge(pd.DataFrame({"ts": hours}), how="cross")
bars = ohlcv_1h[["venue", "pair", "ts_utc", "close"]]
have = expected.merge(bars, left_on=["venue", "pair", "ts"], right_on=["venue", "pair", "ts_utc"], how="left")
missing = have.loc[have["ts_utc"].isna(), ["venue", "pair", "ts"]].sort_values(["venue", "pair", "ts"])
# consecutive hours share ts - n hours (n = the hour's rank within its pair)
rank = missing.groupby(["venue", "pair"]).cumcount()
missing["grp"] = missing["ts"] - pd.to_timedelta(rank, unit="h")
gaps = missing.groupby(["venue", "pair", "grp"], as_index=False).agg(
    gap_start=("ts", "min"), last=("ts", "max"), missing_hours=("ts", "size"))
gaps["gap_end"] = gaps["last"] + pd.Timedelta(hours=1)
gaps["before"] = gaps["gap_start"] - pd.Timedelta(hours=1)
close = bars.rename(columns={"ts_utc": "t"})
gaps = gaps.merge(close.rename(columns={"t": "before", "close": "close_before"}), on=["venue", "pair", "before"],
                  how="left")
gaps = gaps.merge(close.rename(columns={"t": "gap_end", "close": "close_after"}), on=["venue", "pair", "gap_end"],
                  how="left")
gaps["price_change"] = gaps["close_after"] / gaps["close_before"] - 1
result = gaps.sort_values(["gap_start", "venue", "pair"], ignore_index=True)[
    ["venue", "pair", "gap_start", "gap_end", "missing_hours", "price_change"]]
