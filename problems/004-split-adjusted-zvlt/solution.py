zvlt = securities.loc[securities["ticker"] == "ZVLT", "security_id"].iloc[0]
splits = corporate_actions[
    (corporate_actions["security_id"] == zvlt) & corporate_actions["action_type"].isin(["SPLIT", "RSPLIT"])
]
bars = eq_daily.loc[
    (eq_daily["security_id"] == zvlt) & eq_daily["trade_date"].between("2037-03-01", "2037-05-31"),
    ["trade_date", "close"],
].sort_values("trade_date", ignore_index=True)
# Every split after a session rescales it; the product of an empty selection is 1.
bars["adj_factor"] = [splits.loc[splits["ex_date"] > day, "ratio"].prod() for day in bars["trade_date"]]
bars["adj_close"] = bars["close"] / bars["adj_factor"]
result = bars
