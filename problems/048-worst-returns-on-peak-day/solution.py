import pandas as pd

scope = securities.loc[
    (securities["venue"] == "NXS") & securities["asset_class"].isin(["EQ", "ETP"]),
    ["security_id", "ticker", "asset_class"],
]
bars = eq_daily.merge(scope, on="security_id").sort_values(["security_id", "trade_date"])
bars["prev_close"] = bars.groupby("security_id")["close"].shift(1)
bars["daily_return"] = bars["close"] / bars["prev_close"] - 1
day = bars[(bars["trade_date"] == pd.Timestamp("2037-06-16")) & bars["prev_close"].notna()]
result = day.sort_values(["daily_return", "ticker"]).head(10)[
    ["ticker", "asset_class", "prev_close", "close", "daily_return"]
].reset_index(drop=True)
