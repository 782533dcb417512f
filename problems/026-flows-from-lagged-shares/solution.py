import pandas as pd

us = etp_master.loc[etp_master["venue"] == "NXS", ["fund_id"]]
d = etp_daily.merge(us, on="fund_id").sort_values(["fund_id", "date"])
d["eod_shares"] = (d["shares_out"] / d["split_ratio"]).groupby(d["fund_id"]).shift(-1)
d = d[d["eod_shares"].notna()].copy()
d["flow"] = (d["eod_shares"] - d["shares_out"]) * d["nav"]
d["month"] = pd.to_datetime(d["date"]).dt.to_period("M").dt.start_time.dt.date
out = d.groupby(["fund_id", "month"], as_index=False).agg(sessions=("flow", "size"), net_flow_usd=("flow", "sum"))
out = out.merge(securities[["security_id", "ticker"]], left_on="fund_id", right_on="security_id")
result = out[["ticker", "month", "sessions", "net_flow_usd"]]
