import pandas as pd

margin_accounts = margin_eod["account_id"].unique()
kept = orders.sort_values("order_id").drop_duplicates("client_order_id", keep="first")
kept = kept[kept["account_id"].isin(margin_accounts)].copy()
kept = kept.sort_values(["account_id", "ts_utc", "order_id"])
gap = kept.groupby("account_id")["ts_utc"].diff()
kept["starts"] = (gap.isna() | (gap > pd.Timedelta(minutes=30))).astype("int64")
kept["session_no"] = kept.groupby("account_id")["starts"].cumsum()
kept["is_sell"] = (kept["side"] == "SELL").astype("int64")
sessions = kept.groupby(["account_id", "session_no"]).agg(
    session_start=("ts_utc", "first"),
    n_orders=("order_id", "size"),
    sell_orders=("is_sell", "sum"),
).reset_index()
sessions["start_date"] = sessions["session_start"].dt.date

calls = margin_calls.copy()
calls["issued"] = pd.to_datetime(calls["issued"]).dt.date
calls["due"] = pd.to_datetime(calls["due"]).dt.date
lo, hi = pd.Timestamp("2037-06-12").date(), pd.Timestamp("2037-06-23").date()
calls = calls[(calls["issued"] >= lo) & (calls["issued"] <= hi)]
pairs = calls.merge(sessions, on="account_id")
pairs = pairs[(pairs["start_date"] > pairs["issued"]) & (pairs["start_date"] <= pairs["due"])]
first = pairs.sort_values(["call_id", "session_start"]).drop_duplicates("call_id")
linked = first[["call_id", "session_no", "session_start", "n_orders", "sell_orders"]]
out = calls.merge(linked, on="call_id", how="left")
for c in ["session_no", "n_orders", "sell_orders"]:
    out[c] = out[c].astype("Int64")
result = out[
    ["call_id", "account_id", "issued", "resolution", "session_no", "session_start", "n_orders", "sell_orders"]
].sort_values("call_id", ignore_index=True)
