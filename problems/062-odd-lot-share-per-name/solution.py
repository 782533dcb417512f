# the first copy of each order: a resent copy carries the same fills again
kept = orders.sort_values("order_id").drop_duplicates("client_order_id", keep="first")
f = executions.merge(kept[["order_id", "security_id"]], on="order_id")
f = f.merge(securities.loc[securities["venue"] == "NXS", ["security_id", "ticker"]], on="security_id")
f["odd"] = f["fill_qty"] < 100
g = f.groupby("ticker").agg(fills=("odd", "size"), odd_lot_fills=("odd", "sum")).reset_index()
g["odd_lot_share"] = g["odd_lot_fills"] / g["fills"]
result = g.sort_values(["fills", "ticker"], ascending=[False, True], ignore_index=True)
