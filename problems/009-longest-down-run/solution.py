lv = index_levels.sort_values(["index_id", "trade_date"], ignore_index=True)
lv["prev_level"] = lv.groupby("index_id")["level"].shift(1)
lv["down"] = lv["level"] < lv["prev_level"]  # False on the first session (NaN compares False)
# a new island starts on every session that is not a down day
lv["island"] = (~lv["down"]).groupby(lv["index_id"]).cumsum()
down = lv[lv["down"]]
runs = down.groupby(["index_id", "island"], as_index=False).agg(
    run_length=("trade_date", "size"),
    start_date=("trade_date", "min"),
    end_date=("trade_date", "max"),
    end_level=("level", "last"),
    base_level=("prev_level", "first"),
)
runs["run_return"] = runs["end_level"] / runs["base_level"] - 1
best = (
    runs.sort_values(["index_id", "run_length", "start_date"], ascending=[True, False, True])
    .groupby("index_id", as_index=False)
    .head(1)
)
tickers = securities[["security_id", "ticker"]].rename(columns={"security_id": "index_id"})
result = best.merge(tickers, on="index_id")[["ticker", "run_length", "start_date", "end_date", "run_return"]]
