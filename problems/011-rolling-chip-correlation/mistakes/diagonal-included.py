import numpy as np
import pandas as pd

WINDOW = 20

ids = securities.set_index("ticker")["security_id"]
saci = index_weights[index_weights["index_id"] == ids["SACI"]]
members = saci.loc[saci["eff_date"] == saci["eff_date"].max(), "security_id"]

# split-adjusted daily returns of the members, one column per member
splits = corporate_actions[corporate_actions["action_type"].isin(["SPLIT", "RSPLIT"])]
splits = splits.groupby(["security_id", "ex_date"], as_index=False)["ratio"].prod()
splits = splits.rename(columns={"ex_date": "trade_date"})
bars = eq_daily[eq_daily["security_id"].isin(members)][["security_id", "trade_date", "close"]]
bars = bars.merge(splits, on=["security_id", "trade_date"], how="left").sort_values(["security_id", "trade_date"])
bars["ratio"] = bars["ratio"].fillna(1.0)
bars["r"] = bars["close"] * bars["ratio"] / bars.groupby("security_id")["close"].shift(1) - 1
returns = bars.pivot(index="trade_date", columns="security_id", values="r").sort_index().iloc[1:]

n = returns.shape[1]
upper = np.triu_indices(n, k=1)
values = returns.to_numpy()
avg = np.full(len(returns), np.nan)
for t in range(WINDOW - 1, len(returns)):
    corr = np.corrcoef(values[t - WINDOW + 1 : t + 1].T)
    avg[t] = corr.mean()
out = pd.DataFrame({"trade_date": returns.index, "avg_corr": avg}).dropna()
dates = pd.to_datetime(out["trade_date"])
result = out[(dates >= pd.Timestamp("2037-05-15")) & (dates <= pd.Timestamp("2037-07-15"))].reset_index(drop=True)
result["is_spike"] = result["avg_corr"] >= 0.8
