funds = securities.loc[securities["asset_class"] == "ETP", ["ticker", "venue", "leverage", "underlying_id"]]
underlyings = securities[["security_id", "ticker"]].rename(
    columns={"security_id": "underlying_id", "ticker": "underlying_ticker"}
)
splits = corporate_actions.loc[
    corporate_actions["action_type"].isin(["SPLIT", "RSPLIT"]), ["security_id", "ex_date"]
].rename(columns={"security_id": "underlying_id", "ex_date": "underlying_split_date"})
result = (
    funds.merge(underlyings, on="underlying_id")
    .merge(splits, on="underlying_id", how="left")
    .rename(columns={"ticker": "fund_ticker"})
    [["fund_ticker", "venue", "leverage", "underlying_ticker", "underlying_split_date"]]
    .sort_values("fund_ticker", ignore_index=True)
)
