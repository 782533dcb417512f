import pandas as pd

levels = index_levels[["index_id", "trade_date"]].copy()
levels["month"] = levels["trade_date"].dt.to_period("M")
month_ends = levels.groupby(["index_id", "month"], as_index=False)["trade_date"].max().rename(
    columns={"trade_date": "month_end"}
)
baskets = index_weights[["index_id", "eff_date"]].drop_duplicates()
# As-of: per index, the latest eff_date on or before each month end.
in_force = pd.merge_asof(
    month_ends.sort_values("month_end"),
    baskets.sort_values("eff_date"),
    left_on="month_end",
    right_on="eff_date",
    by="index_id",
    direction="backward",
)
held = in_force.merge(index_weights[["index_id", "eff_date", "security_id", "shares"]], on=["index_id", "eff_date"])
held = held.merge(
    eq_daily[["security_id", "trade_date", "close"]],
    left_on=["security_id", "month_end"],
    right_on=["security_id", "trade_date"],
)
held["value"] = held["shares"] * held["close"]
held["w"] = held["value"] / held.groupby(["index_id", "month_end"])["value"].transform("sum")
held["w2"] = held["w"] ** 2
out = held.groupby(["index_id", "month_end"], as_index=False).agg(n_members=("w", "size"), hhi=("w2", "sum"))
out["effective_n"] = 1 / out["hhi"]
out = out.merge(securities[["security_id", "ticker"]], left_on="index_id", right_on="security_id")
result = out[["ticker", "month_end", "n_members", "hhi", "effective_n"]]
