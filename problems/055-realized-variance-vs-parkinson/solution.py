import numpy as np
import pandas as pd

b = bars_1m.copy()
b["t"] = pd.to_datetime(b["ts_utc"])
b["trade_date"] = b["t"].dt.normalize()
b["bucket"] = b["t"].dt.floor("5min")
b = b.sort_values(["security_id", "t"])
day = ["security_id", "trade_date"]

# the close of each 5-minute bucket is the close of its last bar
five = b.groupby([*day, "bucket"])["close"].last().reset_index()
sess = b.groupby(day).agg(open=("open", "first"), high=("high", "max"), low=("low", "min")).reset_index()
five = five.merge(sess[[*day, "open"]], on=day)
# the first bucket's return starts from the session's open, never from yesterday
prev = five.groupby(day)["close"].shift(1).fillna(five["open"])
five["r2"] = np.log(five["close"] / prev) ** 2

rv = five.groupby(day).agg(n_returns=("r2", "size"), rv=("r2", "sum")).reset_index()
out = rv.merge(sess, on=day).merge(securities[["security_id", "ticker"]], on="security_id")
out["parkinson"] = np.log(out["high"] / out["low"]) ** 2 / (4 * np.log(2))
out["rv_to_parkinson"] = out["rv"] / out["parkinson"]
result = out.sort_values(["ticker", "trade_date"], ignore_index=True)[
    ["ticker", "trade_date", "n_returns", "rv", "parkinson", "rv_to_parkinson"]
]
