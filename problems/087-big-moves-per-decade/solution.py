daily = real_index_daily.sort_values(["index_code", "trade_date"]).copy()
daily["ret"] = daily["close"] / daily.groupby("index_code")["close"].shift(1) - 1
daily = daily.dropna(subset=["ret"])
daily["decade"] = pd.to_datetime(daily["trade_date"]).dt.year // 10 * 10
daily["up"] = daily["ret"] > 0.05
daily["down"] = daily["ret"] < -0.05
result = (
    daily.groupby(["index_code", "decade"], as_index=False)
    .agg(n_returns=("ret", "size"), n_up_over_5pct=("up", "sum"), n_down_over_5pct=("down", "sum"))
    .sort_values(["index_code", "decade"], ignore_index=True)
)
