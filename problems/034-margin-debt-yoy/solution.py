import pandas as pd

debt = agg_margin_monthly.sort_values(["region", "month"]).copy()
debt["month"] = pd.to_datetime(debt["month"]).dt.date
debt["debt_yoy"] = debt["debit_bal"] / debt.groupby("region")["debit_bal"].shift(12) - 1

codes = {"M500": "US", "HNXC": "KR"}
ids = securities[securities["ticker"].isin(list(codes))][["security_id", "ticker"]]
lv = index_levels.merge(ids, left_on="index_id", right_on="security_id")
lv["region"] = lv["ticker"].map(codes)
lv["trade_date"] = pd.to_datetime(lv["trade_date"])
lv["month"] = lv["trade_date"].dt.to_period("M").dt.to_timestamp().dt.date
me = lv.sort_values("trade_date").groupby(["region", "month"])["level"].last().reset_index()
me = me.sort_values(["region", "month"])
me["index_yoy"] = me["level"] / me.groupby("region")["level"].shift(12) - 1
# a 12-row lag is 12 months only if no month is missing: every month has sessions here

out = debt.merge(me[["region", "month", "index_yoy"]], on=["region", "month"])
out = out.dropna(subset=["debt_yoy", "index_yoy"])
out["gap"] = (out["debt_yoy"] - out["index_yoy"]).round(4)
out["debt_yoy"] = out["debt_yoy"].round(4)
out["index_yoy"] = out["index_yoy"].round(4)
result = out[["region", "month", "debit_bal", "debt_yoy", "index_yoy", "gap"]].sort_values(
    ["region", "month"], ignore_index=True
)
