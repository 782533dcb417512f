f = investor_flows[investor_flows["investor_type"] == "FOREIGN"][["venue", "trade_date", "net_buy"]]
r = investor_flows[investor_flows["investor_type"] == "RETAIL"][["venue", "trade_date", "net_buy"]]
days = f.merge(r, on=["venue", "trade_date"], suffixes=("_foreign", "_retail"))
days["opposite"] = (days["net_buy_foreign"] < 0) & (days["net_buy_retail"] > 0)
days["retail_bought"] = days["net_buy_retail"].where(days["opposite"])
result = days.groupby("venue", as_index=False).agg(
    sessions=("trade_date", "size"),
    opposite_days=("opposite", "sum"),
    retail_bought_bn=("retail_bought", "sum"),
)
result["opposite_share"] = result["opposite_days"] / result["sessions"]
result = result[["venue", "sessions", "opposite_days", "opposite_share", "retail_bought_bn"]].sort_values(
    "venue", ignore_index=True)
