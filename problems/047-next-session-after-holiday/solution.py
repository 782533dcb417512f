holidays = trading_calendar.loc[
    ~trading_calendar["is_open"] & trading_calendar["holiday_name"].notna(),
    ["venue", "cal_date", "holiday_name"],
].rename(columns={"cal_date": "holiday_date"})
open_dates = trading_calendar.loc[trading_calendar["is_open"], ["venue", "cal_date"]].rename(
    columns={"cal_date": "next_session"}
)
# merge_asof needs both sides sorted on the key; "forward" without exact matches = first date strictly after.
merged = pd.merge_asof(
    holidays.sort_values("holiday_date"),
    open_dates.sort_values("next_session"),
    left_on="holiday_date",
    right_on="next_session",
    by="venue",
    direction="forward",
    allow_exact_matches=False,
)
merged["days_later"] = (merged["next_session"] - merged["holiday_date"]).dt.days.astype("Int64")
result = merged.sort_values(["venue", "holiday_date"], ignore_index=True)[
    ["venue", "holiday_date", "holiday_name", "next_session", "days_later"]
]
