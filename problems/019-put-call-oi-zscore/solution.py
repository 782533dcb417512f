import pandas as pd

sessions = trading_calendar.loc[(trading_calendar["venue"] == "NXO") & trading_calendar["is_open"], ["cal_date"]]
o = opt_eod.merge(sessions, left_on="quote_date", right_on="cal_date")
o = o[pd.to_datetime(o["quote_date"]) >= pd.Timestamp("2036-10-01")]
legs = o.pivot_table(index=["underlying_id", "quote_date"], columns="cp", values="open_interest", aggfunc="sum")
daily = pd.DataFrame({"put_oi": legs["P"].astype("int64"), "call_oi": legs["C"].astype("int64")}).reset_index()
daily = daily.sort_values(["underlying_id", "quote_date"])
daily["pc_ratio"] = daily["put_oi"] / daily["call_oi"]
prev = daily.groupby("underlying_id")["pc_ratio"].shift(1)
grouped = prev.groupby(daily["underlying_id"])
mean20 = grouped.rolling(20, min_periods=20).mean().reset_index(level=0, drop=True)
sd20 = grouped.rolling(20, min_periods=20).std().reset_index(level=0, drop=True)
daily["z20"] = (daily["pc_ratio"] - mean20) / sd20
daily = daily.merge(securities[["security_id", "ticker"]], left_on="underlying_id", right_on="security_id")
result = daily[["ticker", "quote_date", "put_oi", "call_oi", "pc_ratio", "z20"]].sort_values(
    ["ticker", "quote_date"], ignore_index=True
)
