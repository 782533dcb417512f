import numpy as np
import pandas as pd

REGIMES = {
    "calm": ("2036-01-02", "2036-09-30"),
    "boom": ("2036-10-01", "2037-05-27"),
    "stress": ("2037-05-28", "2037-09-30"),
}


def facts(r):
    return {
        "n_days": len(r),
        "ann_vol": r.std() * np.sqrt(365),
        "excess_kurtosis": r.kurt(),
        "acf1_r": r.autocorr(1),
        "acf1_abs_r": r.abs().autocorr(1),
    }


# Simulated market: equal-weighted total return of the NXS common stocks. Raw closes jump on
# splits and ex-dividend days, so each stock's return puts the dividend back and scales by the split.
stocks = securities.loc[
    (securities["venue"] == "NXS") & (securities["asset_class"] == "EQ") & securities["underlying_id"].isna(),
    "security_id",
]
actions = corporate_actions.rename(columns={"ex_date": "trade_date"})
keys = ["security_id", "trade_date"]
cash = actions[actions["action_type"] == "DIV"].groupby(keys, as_index=False)["cash"].sum()
ratio = actions[actions["action_type"].isin(["SPLIT", "RSPLIT"])].groupby(keys, as_index=False)["ratio"].prod()
bars = (
    eq_daily[eq_daily["security_id"].isin(stocks)]
    .merge(cash, on=keys, how="left")
    .merge(ratio, on=keys, how="left")
    .sort_values(keys)
)
prev_close = bars.groupby("security_id")["close"].shift(1)
bars["ret"] = (bars["close"] + bars["cash"].fillna(0.0)) * bars["ratio"].fillna(1.0) / prev_close - 1
sim = np.log1p(bars.groupby("trade_date")["ret"].mean().dropna())

rows = []
for regime, (first, last) in REGIMES.items():
    rows.append({"source": "SIM", "regime": regime, **facts(sim[first:last])})
rows.append({"source": "SIM", "regime": "all", **facts(sim)})

real = real_index_daily.sort_values(["index_code", "trade_date"])
real["r"] = np.log(real["adj_close"]).groupby(real["index_code"]).diff()
for code, r in real.dropna(subset=["r"]).groupby("index_code")["r"]:
    rows.append({"source": code, "regime": "all", **facts(r)})

result = pd.DataFrame(rows)
