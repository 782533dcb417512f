import pandas as pd

funds = etp_master[etp_master["venue"].isin(["HNX", "KYX", "VHK"])]
und = securities[["security_id", "venue"]].rename(columns={"security_id": "underlying_id", "venue": "underlying_venue"})
d = etp_daily.merge(funds[["fund_id", "venue", "underlying_id"]], on="fund_id").merge(und, on="underlying_id")
dates = pd.to_datetime(d["date"])
d["prev_weekday"] = (dates - pd.to_timedelta((dates.dt.day_of_week == 0) * 2 + 1, unit="D")).dt.date
cal = trading_calendar[["venue", "cal_date", "is_open"]].rename(
    columns={"venue": "underlying_venue", "cal_date": "prev_weekday"}
)
cal["prev_weekday"] = pd.to_datetime(cal["prev_weekday"]).dt.date
d = d.merge(cal, on=["underlying_venue", "prev_weekday"], how="left")
d["stale"] = (d["underlying_venue"] != d["venue"]) & (d["is_open"] == False)  # noqa: E712
d["abs_prem"] = d["premium_bp"].abs()
rows = []
for (fund_id, uv), part in d.groupby(["fund_id", "underlying_venue"]):
    stale = part[part["stale"]]
    fresh = part[~part["stale"]]
    rows.append(
        {
            "fund_id": fund_id,
            "underlying_venue": uv,
            "sessions": len(part),
            "stale_sessions": len(stale),
            "avg_abs_premium_stale_bp": stale["abs_prem"].mean() if len(stale) else None,
            "avg_abs_premium_fresh_bp": fresh["abs_prem"].mean(),
        }
    )
out = pd.DataFrame(rows).merge(securities[["security_id", "ticker"]], left_on="fund_id", right_on="security_id")
result = out[
    ["ticker", "underlying_venue", "sessions", "stale_sessions", "avg_abs_premium_stale_bp", "avg_abs_premium_fresh_bp"]
]
