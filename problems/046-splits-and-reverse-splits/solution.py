splits = corporate_actions[corporate_actions["action_type"].isin(["SPLIT", "RSPLIT"])]
result = (
    splits.merge(securities[["security_id", "ticker"]], on="security_id")
    [["ticker", "action_type", "ex_date", "ratio"]]
    .sort_values(["ex_date", "ticker"], ignore_index=True)
)
