import numpy as np
import pandas as pd

chips = securities.loc[
    (securities["venue"] == "NXS")
    & (securities["asset_class"] == "EQ")
    & securities["sector"].isin(["AI Accelerators", "Memory"]),
    ["security_id", "ticker"],
]
bars = eq_daily.merge(chips, on="security_id").sort_values(["security_id", "trade_date"])
by_sec = bars.groupby("security_id")
bars["ret"] = bars["close"] / by_sec["close"].shift(1) - 1
abs_ret = bars["ret"].abs()
# Mean of |ret| over rows t+1..t+5: the trailing 5-row mean ending at t+5, shifted back five rows.
bars["future_vol"] = abs_ret.groupby(bars["security_id"]).transform(
    lambda s: s.rolling(5, min_periods=5).mean().shift(-5)
)
dates = bars["trade_date"]
bars["period"] = np.select(
    [
        dates.between(pd.Timestamp("2036-01-02"), pd.Timestamp("2036-09-30")),
        dates.between(pd.Timestamp("2037-05-28"), pd.Timestamp("2037-07-31")),
    ],
    ["calm", "stress"],
    default="",
)
sample = bars[(bars["period"] != "") & bars["ret"].notna() & bars["future_vol"].notna()]
result = (
    sample.groupby(["ticker", "period"])
    .apply(lambda g: pd.Series({"n_sessions": len(g), "correlation": g["ret"].corr(g["future_vol"])}))
    .reset_index()
)
result["n_sessions"] = result["n_sessions"].astype("int64")
