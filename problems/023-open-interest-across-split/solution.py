import numpy as np
import pandas as pd

zvlt = int(securities.loc[securities["ticker"] == "ZVLT", "security_id"].iloc[0])
split = corporate_actions[(corporate_actions["security_id"] == zvlt) & (corporate_actions["action_type"] == "SPLIT")]
ex_date, ratio = pd.Timestamp(split["ex_date"].iloc[0]), float(split["ratio"].iloc[0])
cal = trading_calendar[(trading_calendar["venue"] == "NXO") & trading_calendar["is_open"]]
pre_date = pd.to_datetime(cal["cal_date"])[pd.to_datetime(cal["cal_date"]) < ex_date].max()

o = opt_eod[opt_eod["underlying_id"] == zvlt].copy()
o["quote_date"] = pd.to_datetime(o["quote_date"])
o["expiry"] = pd.to_datetime(o["expiry"])
old = o[(o["quote_date"] == pre_date) & (o["expiry"] > ex_date)].copy()
new = o[o["quote_date"] == ex_date]
old["new_strike"] = np.round(old["strike"] / ratio, 4)
pair = old.merge(new, left_on=["expiry", "cp", "new_strike"], right_on=["expiry", "cp", "strike"],
                 suffixes=("_old", "_new"))
result = pd.DataFrame({
    "old_option_id": pair["option_id_old"],
    "new_option_id": pair["option_id_new"],
    "expiry": pair["expiry"].dt.date,
    "cp": pair["cp"],
    "old_strike": pair["strike_old"],
    "new_strike": pair["strike_new"],
    "oi_before": pair["open_interest_old"],
    "oi_after": pair["open_interest_new"],
    "oi_after_old_units": pair["open_interest_new"] / ratio,
    "oi_change_old_units": pair["open_interest_new"] / ratio - pair["open_interest_old"],
}).sort_values(["expiry", "cp", "old_strike"], ignore_index=True)
