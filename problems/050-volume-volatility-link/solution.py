import pandas as pd

chips = securities.loc[
    (securities["venue"] == "NXS")
    & (securities["asset_class"] == "EQ")
    & securities["sector"].isin(["AI Accelerators", "Memory"]),
    ["security_id", "ticker"],
]
bars = eq_daily.merge(chips, on="security_id").sort_values(["security_id", "trade_date"])
by_sec = bars.groupby("security_id")
bars["abs_return"] = (bars["close"] / by_sec["close"].shift(1) - 1).abs()
# The 20 rows before today: shift by one, then a 20-row rolling mean that skips missing volumes.
bars["avg_volume_20"] = by_sec["volume"].transform(
    lambda v: v.astype("float64").shift(1).rolling(20, min_periods=1).mean()
)
bars["rel_volume"] = bars["volume"].astype("float64") / bars["avg_volume_20"]
in_window = bars["trade_date"].between(pd.Timestamp("2037-06-01"), pd.Timestamp("2037-09-30"))
sample = bars[in_window & (by_sec.cumcount() >= 20) & bars["rel_volume"].notna()]
result = (
    sample.groupby("ticker")
    .apply(lambda g: pd.Series({"n_sessions": len(g), "correlation": g["abs_return"].corr(g["rel_volume"])}))
    .reset_index()
)
result["n_sessions"] = result["n_sessions"].astype("int64")
