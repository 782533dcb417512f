cal = trading_calendar[trading_calendar["cal_date"].between("2036-01-01", "2037-09-30")]
hnx_open = cal.loc[(cal["venue"] == "HNX") & cal["is_open"], ["cal_date"]]
nxs_open = cal.loc[(cal["venue"] == "NXS") & cal["is_open"], "cal_date"]
nxs_holiday = cal.loc[cal["venue"] == "NXS", ["cal_date", "holiday_name"]].rename(
    columns={"holiday_name": "nxs_holiday"}
)
# Anti-join: HNX sessions whose date is not an NXS session; the left merge keeps a NULL holiday name.
result = (
    hnx_open[~hnx_open["cal_date"].isin(nxs_open)]
    .merge(nxs_holiday, on="cal_date", how="left")
    .sort_values("cal_date", ignore_index=True)
)
