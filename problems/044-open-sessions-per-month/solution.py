cal = trading_calendar[trading_calendar["cal_date"].dt.year == 2037].copy()
cal["month"] = cal["cal_date"].dt.month
cal["closed_weekday"] = ~cal["is_open"] & (cal["cal_date"].dt.day_of_week < 5)
result = (
    cal.groupby(["venue", "month"], as_index=False)
    .agg(open_sessions=("is_open", "sum"), closed_weekdays=("closed_weekday", "sum"))
)
