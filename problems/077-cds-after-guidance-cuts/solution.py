five = cds_daily[cds_daily["tenor"] == "5Y"].sort_values(["issuer_id", "trade_date"])
five = five[["issuer_id", "trade_date", "spread_bp"]].copy()
# three sessions later: three rows later in the issuer's own series, before keeping only the events
five["spread_3s"] = five.groupby("issuer_id")["spread_bp"].shift(-3)
five["change_bp"] = five["spread_3s"] - five["spread_bp"]
market = five.groupby("trade_date", as_index=False)["change_bp"].mean().rename(
    columns={"change_bp": "market_change_bp"}
)
cuts = guidance_events.loc[guidance_events["event_type"] == "CUT", ["issuer_id", "event_date"]]
cuts = cuts.rename(columns={"event_date": "trade_date"})
d = (
    cuts.merge(credit_issuers[["issuer_id", "issuer_name"]], on="issuer_id")
    .merge(five, on=["issuer_id", "trade_date"])
    .merge(market, on="trade_date")
    .dropna(subset=["spread_3s"])
)
d["excess_change_bp"] = d["change_bp"] - d["market_change_bp"]
result = d.rename(
    columns={"trade_date": "event_date", "spread_bp": "spread_event", "spread_3s": "spread_after_3"}
).sort_values(["event_date", "issuer_id"], ignore_index=True)[
    ["issuer_id", "issuer_name", "event_date", "spread_event", "spread_after_3",
     "change_bp", "market_change_bp", "excess_change_bp"]
]
