import pandas as pd

kept = orders.sort_values("order_id").drop_duplicates("client_order_id", keep="first")
f = executions.merge(kept[["order_id", "security_id", "side"]], on="order_id")
f = f.merge(securities[["security_id", "venue"]], on="security_id")
f = f[f["venue"].isin(["NXS", "HNX"])]
f["trade_date"] = f["ts_utc"].dt.date
f = f[(f["trade_date"] >= pd.Timestamp("2037-05-18").date()) & (f["trade_date"] <= pd.Timestamp("2037-06-30").date())]
f["notional"] = f["fill_qty"] * f["fill_px"]
f["buy"] = f["notional"].where(f["side"] == "BUY", 0.0)
f["sell"] = f["notional"].where(f["side"] == "SELL", 0.0)
f["signed"] = f["buy"] - f["sell"]
g = f.groupby(["venue", "trade_date"]).agg(
    orders_filled=("order_id", "nunique"),
    buy_notional=("buy", "sum"),
    sell_notional=("sell", "sum"),
    net_buy_notional=("signed", "sum"),
).reset_index()
for c in ["buy_notional", "sell_notional", "net_buy_notional"]:
    g[c] = g[c].round(2)
result = g.sort_values(["venue", "trade_date"], ignore_index=True)
