events = reg_events.assign(later=reg_events["effective"] > reg_events["announced"])
result = (
    events.groupby(["agency", "event_type"], as_index=False)
    .agg(n_announcements=("event_id", "size"), n_next_session=("later", "sum"))
    .sort_values(["agency", "event_type"], ignore_index=True)
)
result["n_next_session"] = result["n_next_session"].astype("int64")
result["share_next_session"] = result["n_next_session"] / result["n_announcements"]
