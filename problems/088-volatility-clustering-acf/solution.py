import numpy as np
import pandas as pd

LAGS = range(1, 21)


def acf(x, lag):
    """Sample autocorrelation at `lag`: lagged cross-products over the whole series' sum of squares."""
    d = x - x.mean()
    return float(np.sum(d[lag:] * d[:-lag]) / np.sum(d * d))


def abs_log_returns(closes, ratios):
    """|ln(C_t * S_t / C_{t-1})| for each row after the first."""
    c = closes.to_numpy(float)
    s = ratios.to_numpy(float)
    return np.abs(np.log(c[1:] * s[1:] / c[:-1]))


series = {}
real = real_index_daily.sort_values(["index_code", "trade_date"])
for code, rows in real.groupby("index_code"):
    series[code] = abs_log_returns(rows["close"], pd.Series(1.0, index=rows.index))

# the simulated chip leader; its split day would be a fake -90 % without the ratio
zvlt_id = securities.loc[securities["ticker"] == "ZVLT", "security_id"].iloc[0]
splits = corporate_actions[
    (corporate_actions["security_id"] == zvlt_id) & corporate_actions["action_type"].isin(["SPLIT", "RSPLIT"])
].groupby("ex_date")["ratio"].prod()
zvlt = eq_daily[eq_daily["security_id"] == zvlt_id].sort_values("trade_date")
ratio = zvlt["trade_date"].map(splits).fillna(1.0)
series["ZVLT"] = abs_log_returns(zvlt["close"], ratio)

result = pd.DataFrame(
    [{"source": name, "lag": lag, "acf_abs_r": acf(x, lag)} for name, x in series.items() for lag in LAGS]
)
