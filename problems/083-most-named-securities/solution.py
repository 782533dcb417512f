named = event_securities.merge(reg_events[["event_id", "event_type"]], on="event_id").merge(
    securities[["security_id", "ticker"]], on="security_id"
)
result = (
    named.groupby(["event_type", "ticker"], as_index=False)
    .size()
    .rename(columns={"size": "n_announcements"})
    .sort_values(["n_announcements", "event_type", "ticker"], ascending=[False, True, True], ignore_index=True)
)
