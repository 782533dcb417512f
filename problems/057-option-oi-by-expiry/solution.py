import pandas as pd

zvlt = securities.loc[securities["ticker"] == "ZVLT", "security_id"].iloc[0]
on_day = pd.to_datetime(opt_eod["quote_date"]) == pd.Timestamp("2037-06-16")
day = opt_eod[(opt_eod["underlying_id"] == zvlt) & on_day]
oi = day.pivot_table(index="expiry", columns="cp", values="open_interest", aggfunc="sum", fill_value=0)
oi = oi.reindex(columns=["C", "P"], fill_value=0)
result = pd.DataFrame({
    "expiry": oi.index,
    "call_oi": oi["C"].to_numpy(),
    "put_oi": oi["P"].to_numpy(),
})
result["put_call_ratio"] = result["put_oi"] / result["call_oi"].where(result["call_oi"] != 0)
