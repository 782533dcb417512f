import pandas as pd

INDEX_OF = {"NXS": "SACI", "HNX": "HNXC"}

kept = orders.sort_values("order_id").drop_duplicates("client_order_id", keep="first")
f = executions.merge(kept[["order_id", "security_id", "side"]], on="order_id")
f = f.merge(securities[["security_id", "venue"]], on="security_id")
f["trade_date"] = f["ts_utc"].dt.normalize()
f["notional"] = f["fill_qty"] * f["fill_px"]
f["signed"] = f["notional"].where(f["side"] == "BUY", -f["notional"])
flow = f.groupby(["venue", "trade_date"]).agg(net=("signed", "sum"), gross=("notional", "sum")).reset_index()

rows = []
for venue, code in INDEX_OF.items():
    idx_id = securities.loc[securities["ticker"] == code, "security_id"].iloc[0]
    lv = index_levels[index_levels["index_id"] == idx_id].sort_values("trade_date").reset_index(drop=True)
    lv["trade_date"] = pd.to_datetime(lv["trade_date"])
    lv["ret"] = lv["level"] / lv["level"].shift(1) - 1
    events = lv.dropna(subset=["ret"]).sort_values(["ret", "trade_date"]).head(3)
    vflow = flow[flow["venue"] == venue].set_index("trade_date")
    for rank, (pos, ev) in enumerate(events.iterrows(), start=1):
        for k in range(-3, 4):
            day = lv.loc[pos + k, "trade_date"]
            net, gross = vflow.loc[day, "net"], vflow.loc[day, "gross"]
            rows.append({
                "venue": venue,
                "event_rank": rank,
                "event_date": ev["trade_date"].date(),
                "event_return": round(ev["ret"], 6),
                "rel_day": k,
                "trade_date": day.date(),
                "net_notional": net,
                "imbalance": net / gross,
            })
result = pd.DataFrame(rows).sort_values(["venue", "event_rank", "rel_day"], ignore_index=True)
