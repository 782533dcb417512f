import pandas as pd

# NXS sessions with the one before each (over the whole calendar, before the week's filter).
cal = trading_calendar[(trading_calendar["venue"] == "NXS") & trading_calendar["is_open"]]
sessions = cal[["cal_date"]].rename(columns={"cal_date": "trade_date"}).sort_values("trade_date")
sessions["prev_session"] = sessions["trade_date"].shift(1)
week = sessions[(sessions["trade_date"] >= "2037-06-15") & (sessions["trade_date"] <= "2037-06-23")].copy()
# Each session's crypto window runs from the previous NXS close to its own (16:00 New York = 20:00 UTC).
week["window_start"] = week["prev_session"] + pd.Timedelta(hours=20)
week["window_end"] = week["trade_date"] + pd.Timedelta(hours=20)

saci_id = securities.loc[securities["ticker"] == "SACI", "security_id"].iloc[0]
saci = index_levels[index_levels["index_id"] == saci_id].sort_values("trade_date")
saci = saci.assign(saci_return=saci["level"] / saci["level"].shift(1) - 1)[["trade_date", "saci_return"]]

funds = etp_daily.merge(etp_master[["fund_id", "leverage", "venue"]], on="fund_id")
funds = funds[funds["venue"] == "NXS"]
rebal = pd.DataFrame({
    "rebal_2x_usd": funds[funds["leverage"] == 2].groupby("date")["rebal_notional"].sum(),
    "rebal_3x_usd": funds[funds["leverage"] == 3].groupby("date")["rebal_notional"].sum(),
}).rename_axis("trade_date").reset_index()

us_calls = margin_calls.merge(accounts[["account_id", "country"]], on="account_id")
us_calls = us_calls[us_calls["country"] == "US"]
calls = us_calls.groupby("issued").agg(margin_calls=("call_id", "size"), margin_call_usd=("amount", "sum"))
calls = calls.rename_axis("trade_date").reset_index()

# A resent order repeats its client_order_id and its fills: keep the first copy only.
kept = orders.sort_values("order_id").drop_duplicates("client_order_id", keep="first")
fills = executions.merge(kept[["order_id", "security_id", "side"]], on="order_id")
fills = fills.merge(securities[["security_id", "venue"]], on="security_id")
fills = fills[fills["venue"] == "NXS"]
sign = fills["side"].map({"BUY": 1.0, "SELL": -1.0})
fills = fills.assign(trade_date=fills["ts_utc"].dt.normalize(), signed=sign * fills["fill_qty"] * fills["fill_px"])
retail = fills.groupby("trade_date", as_index=False).agg(retail_net_buy_usd=("signed", "sum"))

longs = liquidations_1h[liquidations_1h["side"] == "LONG"]
liq_rows = []
for row in week.itertuples():
    inside = (longs["ts_utc"] >= row.window_start) & (longs["ts_utc"] < row.window_end)
    liq_rows.append({"trade_date": row.trade_date, "btc_long_liq_usd": longs.loc[inside, "usd"].sum()})
liq = pd.DataFrame(liq_rows)

out = week[["trade_date"]]
for part in (saci, rebal, calls, retail, liq):
    out = out.merge(part, on="trade_date", how="left")
zero_if_none = ["rebal_2x_usd", "rebal_3x_usd", "margin_calls", "margin_call_usd", "retail_net_buy_usd",
                "btc_long_liq_usd"]
out[zero_if_none] = out[zero_if_none].fillna(0)
out["margin_calls"] = out["margin_calls"].astype("int64")
result = out.sort_values("trade_date", ignore_index=True)
