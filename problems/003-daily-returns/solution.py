import numpy as np
import pandas as pd

chips = securities[
    (securities["venue"] == "NXS")
    & (securities["asset_class"] == "EQ")
    & securities["sector"].isin(["AI Accelerators", "Memory"])
][["security_id", "ticker"]]
bars = eq_daily.merge(chips, on="security_id").sort_values(["security_id", "trade_date"])
prev = bars.groupby("security_id")["close"].shift(1)
bars["simple_return"] = bars["close"] / prev - 1
bars["log_return"] = np.log(bars["close"] / prev)
dates = pd.to_datetime(bars["trade_date"])
window = (dates >= pd.Timestamp("2037-06-08")) & (dates <= pd.Timestamp("2037-06-26"))
result = bars.loc[window, ["ticker", "trade_date", "close", "simple_return", "log_return"]].reset_index(drop=True)
