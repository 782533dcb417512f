# the first copy of each order: a resent copy carries the same fills again
kept = orders.sort_values("order_id").drop_duplicates("client_order_id", keep="first")
# one row per order before joining, so qty is not repeated per fill
filled = executions.groupby("order_id", as_index=False)["fill_qty"].sum().rename(columns={"fill_qty": "filled_qty"})
# left join: orders without a fill stay in the denominator
p = kept.merge(filled, on="order_id", how="left")
p["filled_qty"] = p["filled_qty"].fillna(0.0)
p = p.merge(securities[["security_id", "venue"]], on="security_id")
p["with_fill"] = p["filled_qty"] > 0
p["cancelled_fill"] = p["with_fill"] & (p["status"] == "CANCELLED")
g = p.groupby(["venue", "order_type"]).agg(
    orders=("order_id", "size"),
    orders_with_fills=("with_fill", "sum"),
    cancelled_after_fill=("cancelled_fill", "sum"),
    filled_qty=("filled_qty", "sum"),
    qty=("qty", "sum"),
).reset_index()
g["fill_ratio"] = g["filled_qty"] / g["qty"]
result = g.drop(columns=["filled_qty", "qty"]).sort_values(["venue", "order_type"], ignore_index=True)
