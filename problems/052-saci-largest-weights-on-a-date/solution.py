import pandas as pd

day = pd.Timestamp("2037-06-16")
saci_id = securities.loc[securities["ticker"] == "SACI", "security_id"].iloc[0]
baskets = index_weights[(index_weights["index_id"] == saci_id) & (index_weights["eff_date"] <= day)]
basket = baskets[baskets["eff_date"] == baskets["eff_date"].max()]
closes = eq_daily.loc[eq_daily["trade_date"] == day, ["security_id", "close"]]
held = basket.merge(closes, on="security_id").merge(securities[["security_id", "ticker"]], on="security_id")
value = held["shares"] * held["close"]
held["weight"] = value / value.sum()
result = held.sort_values(["weight", "ticker"], ascending=[False, True]).head(5)[
    ["ticker", "eff_date", "weight"]
].reset_index(drop=True)
