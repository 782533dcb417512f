import pandas as pd

lv = index_levels.sort_values(["index_id", "trade_date"]).copy()
lv["prev_level"] = lv.groupby("index_id")["level"].shift(1)
lv["trade_date"] = pd.to_datetime(lv["trade_date"])

cb = circuit_breakers.copy()
cb["trade_date"] = pd.to_datetime(cb["trade_date"])
local = cb["trade_date"] + pd.to_timedelta(cb["trigger_time_local"].astype(str))
cb["trigger_utc"] = local.dt.tz_localize("Asia/Seoul").dt.tz_convert("UTC").dt.tz_localize(None)

cal = trading_calendar[(trading_calendar["venue"] == "NXS") & trading_calendar["is_open"]].copy()
cal["us_session"] = pd.to_datetime(cal["cal_date"])
ny_local = cal["us_session"] + pd.to_timedelta(cal["close_local"].astype(str))
cal["close_utc"] = ny_local.dt.tz_localize("America/New_York").dt.tz_convert("UTC").dt.tz_localize(None)

m500_id = securities.loc[securities["ticker"] == "M500", "security_id"].iloc[0]
m500 = lv[lv["index_id"] == m500_id].assign(m500_return_pct=lambda d: (d["level"] / d["prev_level"] - 1) * 100)
m500 = m500[["trade_date", "m500_return_pct"]].rename(columns={"trade_date": "us_session"})

out = cb.merge(lv, on=["index_id", "trade_date"])
out = pd.merge_asof(out.sort_values("trigger_utc"), cal[["us_session", "close_utc"]].sort_values("close_utc"),
                    left_on="trigger_utc", right_on="close_utc", allow_exact_matches=False)
out = out.merge(m500, on="us_session", how="left")
result = pd.DataFrame({
    "trade_date": out["trade_date"].dt.date,
    "cb_level": out["cb_level"],
    "trigger_utc": out["trigger_utc"],
    "hnxc_prev_close": out["prev_level"],
    "hnxc_close": out["level"],
    "hnxc_return_pct": (out["level"] / out["prev_level"] - 1) * 100,
    "us_session": out["us_session"].dt.date,
    "m500_return_pct": out["m500_return_pct"],
}).sort_values("trade_date", ignore_index=True)
