import pandas as pd

filings = btc_ledger.groupby("date", as_index=False)["btc_delta"].sum().sort_values("date")
filings["btc_held"] = filings["btc_delta"].cumsum()
filings["date"] = pd.to_datetime(filings["date"])
claims = instrument_daily.groupby("date", as_index=False)["notional_usd"].sum()
sid = securities.loc[securities["ticker"] == "ZKLC", "security_id"].iloc[0]
zklc = eq_daily.loc[eq_daily["security_id"] == sid, ["trade_date", "close"]].rename(columns={"trade_date": "date"})
fix = btc_fix_daily[["date", "price_usd"]]
d = company_daily.merge(zklc, on="date").merge(claims, on="date").merge(fix, on="date")
d["date"] = pd.to_datetime(d["date"])
d = pd.merge_asof(d.sort_values("date"), filings[["date", "btc_held"]], on="date", direction="backward")
cap = (d["shares_out"] * d["close"]).round(2)
ev = cap + d["notional_usd"] - d["cash_usd"]
nav = d["btc_held"] * d["price_usd"]
mnav = (ev / nav).round(6)
below = d.loc[mnav < 1, "date"]
first = below.min() if len(below) else None
result = pd.DataFrame({
    "date": d["date"].dt.date,
    "btc_held": d["btc_held"].round(4),
    "market_cap": cap,
    "enterprise_value": ev.round(2),
    "btc_nav": nav.round(2),
    "mnav": mnav,
    "first_below_1": d["date"] == first,
})
