import pandas as pd

saci_id = securities.loc[securities["ticker"] == "SACI", "security_id"].iloc[0]
levels = index_levels.loc[index_levels["index_id"] == saci_id, ["trade_date", "level"]].copy()
weights = index_weights.loc[index_weights["index_id"] == saci_id, ["eff_date", "security_id", "shares"]].copy()
levels["trade_date"] = pd.to_datetime(levels["trade_date"])
weights["eff_date"] = pd.to_datetime(weights["eff_date"])

# the basket in force: the latest eff_date on or before each session (none on the base date)
baskets = pd.DataFrame({"eff_date": sorted(weights["eff_date"].unique())})
levels = pd.merge_asof(
    levels.sort_values("trade_date"), baskets, left_on="trade_date", right_on="eff_date", direction="backward"
).dropna(subset=["eff_date"])

bars = eq_daily[["security_id", "trade_date", "close"]].copy()
bars["trade_date"] = pd.to_datetime(bars["trade_date"])
held = levels.merge(weights, on="eff_date").merge(bars, on=["security_id", "trade_date"])
held["value"] = held["shares"] * held["close"]
rebuilt = held.groupby(["trade_date", "level"], as_index=False)["value"].sum().rename(columns={"value": "rebuilt"})
rebuilt["abs_error"] = (rebuilt["rebuilt"] - rebuilt["level"]).abs()
rebuilt["month"] = rebuilt["trade_date"].dt.to_period("M").dt.start_time.dt.date
rebuilt = rebuilt.sort_values("trade_date")

result = rebuilt.groupby("month", as_index=False).agg(
    n_sessions=("trade_date", "size"),
    last_rebuilt=("rebuilt", "last"),
    max_abs_error=("abs_error", "max"),
)
