import pandas as pd

# the first copy of each order: a resent copy carries the same fills again
kept = orders.sort_values("order_id").drop_duplicates("client_order_id", keep="first")
f = executions.merge(kept[["order_id", "security_id"]], on="order_id")
f = f.merge(securities.loc[securities["venue"] == "NXS", ["security_id", "ticker"]], on="security_id")
f["month"] = pd.to_datetime(f["ts_utc"]).dt.to_period("M").dt.to_timestamp()
f["notional"] = f["fill_qty"] * f["fill_px"]
per_name = f.groupby(["month", "ticker"], as_index=False)["notional"].sum()
# rank within the month, not over the whole log
per_name = per_name.sort_values(["month", "notional", "ticker"], ascending=[True, False, True])
per_name["rnk"] = per_name.groupby("month").cumcount() + 1
per_name["top"] = per_name["notional"].where(per_name["rnk"] <= 10, 0.0)
g = per_name.groupby("month").agg(names_traded=("ticker", "size"), top=("top", "sum"), total=("notional", "sum"))
g["top10_share"] = g["top"] / g["total"]
result = g.reset_index()[["month", "names_traded", "top10_share"]].sort_values("month", ignore_index=True)
