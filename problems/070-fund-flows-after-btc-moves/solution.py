fix = btc_fix_daily[["date", "price_usd"]].rename(columns={"date": "trade_date"})
s = spot_fund_flows.merge(fix, on="trade_date").sort_values("trade_date", ignore_index=True)
# returns between consecutive fund sessions (a Monday's return runs from Friday's fix)
s["session_return"] = s["price_usd"] / s["price_usd"].shift(1) - 1
s["prev_return"] = s["session_return"].shift(1)
s = s[s["prev_return"].notna() & (s["prev_return"] != 0)].copy()
s["prev_direction"] = s["prev_return"].gt(0).map({True: "UP", False: "DOWN"})
s["inflow"] = (s["net_flow_usd"] > 0).astype(float)
result = s.groupby("prev_direction", as_index=False).agg(
    sessions=("trade_date", "size"),
    mean_prev_return=("prev_return", "mean"),
    mean_net_flow_usd=("net_flow_usd", "mean"),
    inflow_share=("inflow", "mean"),
).sort_values("prev_direction", ignore_index=True)
