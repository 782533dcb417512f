keys = ["security_id", "trade_date"]
splits = (
    corporate_actions[corporate_actions["action_type"].isin(["SPLIT", "RSPLIT"])]
    .rename(columns={"ex_date": "trade_date"})
    .groupby(keys, as_index=False)["ratio"]
    .prod()
)
bars = eq_daily.merge(splits, on=keys, how="left").sort_values(keys)
prev = bars.groupby("security_id")["close"].shift(1)
bars["effective_return"] = bars["close"] * bars["ratio"].fillna(1.0) / prev - 1

events = reg_events[reg_events["event_type"] != "CB_TRIGGER"]
rows = events.merge(event_securities, on="event_id").merge(securities[["security_id", "ticker"]], on="security_id")
rows["misspelled"] = rows["ticker_in_text"] != rows["ticker"]
rows = rows.merge(
    bars[[*keys, "effective_return"]],
    left_on=["security_id", "effective"],
    right_on=keys,
)
rows = rows.dropna(subset=["effective_return"])
result = rows[["event_id", "event_type", "ticker", "misspelled", "announced", "effective", "effective_return"]]
