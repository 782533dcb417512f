import pandas as pd

d = etp_daily.merge(etp_master, on="fund_id").sort_values(["fund_id", "date"])
g = d.groupby("fund_id")
prev_nav = g["nav"].shift(1)
days = (pd.to_datetime(d["nav_asof"]) - pd.to_datetime(g["nav_asof"].shift(1))).dt.days
lev, er, fin = d["leverage"], d["expense_ratio"], d["financing_rate"]
recomputed = prev_nav / d["split_ratio"] * (1 + lev * d["und_return"] - er * days / 365 - (lev - 1) * fin * days / 365)
d["abs_error"] = (d["nav"] - recomputed).abs()
d["off"] = d["abs_error"] > 0.000001
checked = d[prev_nav.notna()]
out = checked.groupby("fund_id").agg(
    rows_checked=("abs_error", "size"), rows_off=("off", "sum"), max_abs_error=("abs_error", "max")
)
out["final_nav"] = d.groupby("fund_id")["nav"].last()
out = out.reset_index().merge(securities[["security_id", "ticker"]], left_on="fund_id", right_on="security_id")
out["rows_off"] = out["rows_off"].astype("int64")
result = out[["ticker", "rows_checked", "rows_off", "max_abs_error", "final_nav"]]
