neg = funding_8h[funding_8h["funding_rate"] < 0].sort_values(["venue", "ts_utc"])
first = neg.groupby(["venue", "pair"], as_index=False).first()
counts = neg.groupby(["venue", "pair"]).size().rename("negative_count").reset_index()
result = (
    first.rename(columns={"ts_utc": "first_negative_ts"})[["venue", "pair", "first_negative_ts", "funding_rate"]]
    .merge(counts, on=["venue", "pair"])
    .sort_values("venue", ignore_index=True)
)
