import numpy as np
import pandas as pd

d = etp_daily.sort_values(["fund_id", "date"]).copy()
d["date"] = pd.to_datetime(d["date"])
d["growth"] = d["nav"] / d.groupby("fund_id")["nav"].shift(1)
start = d[d["date"] <= pd.Timestamp("2037-06-11")].groupby("fund_id")["date"].max().rename("start")
w = d.merge(start, left_on="fund_id", right_index=True)
w = w[w["date"] > w["start"]]
w["und_growth"] = 1 + w["und_return"]
w["r2"] = w["und_return"] ** 2
agg = (
    w.groupby("fund_id")
    .agg(
        sessions=("growth", "size"),
        fund_growth=("growth", "prod"),
        und_growth=("und_growth", "prod"),
        sum_r2=("r2", "sum"),
    )
    .reset_index()
)
agg = agg.merge(etp_master[["fund_id", "leverage"]], on="fund_id")
lev = agg["leverage"]
agg["und_return_total"] = agg["und_growth"] - 1
agg["fund_return"] = agg["fund_growth"] - 1
agg["naive_return"] = lev * agg["und_return_total"]
agg["closed_form_return"] = agg["und_growth"] ** lev * np.exp(-(lev**2 - lev) / 2 * agg["sum_r2"]) - 1
agg["decay"] = agg["fund_return"] - agg["naive_return"]
agg = agg.merge(securities[["security_id", "ticker"]], left_on="fund_id", right_on="security_id")
result = agg[
    ["ticker", "leverage", "sessions", "und_return_total", "fund_return", "naive_return", "closed_form_return", "decay"]
]
