import pandas as pd

bars = eq_daily[["security_id", "trade_date", "close"]].copy()
bars["trade_date"] = pd.to_datetime(bars["trade_date"])
close = bars.set_index(["security_id", "trade_date"])["close"]
rows = []
for ipo in ipo_events.itertuples():
    ipo_date, launch = pd.Timestamp(ipo.ipo_date), pd.Timestamp(ipo.lev_fund_launch)
    stock = bars[(bars["security_id"] == ipo.security_id) & (bars["trade_date"] >= ipo_date)]
    stock = stock.sort_values("trade_date").reset_index(drop=True)
    entry = stock["trade_date"].iloc[15]  # row 0 is the IPO day
    first, last = close[(ipo.security_id, ipo_date)], close[(ipo.security_id, entry)]
    rows.append({
        "ticker": ipo.ticker,
        "ipo_date": ipo_date,
        "first_day_return": first / ipo.offer_price - 1,
        "entry_date": entry,
        "fade_return": last / first - 1,
        "stock_return_since_fund_launch": last / close[(ipo.security_id, launch)] - 1,
        "fund_return": close[(ipo.lev_fund_id, entry)] / close[(ipo.lev_fund_id, launch)] - 1,
    })
result = pd.DataFrame(rows)
