import pandas as pd

d = etp_daily.merge(etp_master[["fund_id", "underlying_id", "venue"]], on="fund_id").sort_values(["fund_id", "date"])
# end-of-day shares are reported on the next row (T+1), on that row's split basis
d["eod_shares"] = (d["shares_out"] / d["split_ratio"]).groupby(d["fund_id"]).shift(-1)
und = securities[["security_id", "ticker", "venue", "asset_class"]].rename(
    columns={"security_id": "underlying_id", "ticker": "underlying_ticker", "venue": "u_venue"}
)
d = d.merge(und, on="underlying_id")
d["date"] = pd.to_datetime(d["date"])
d = d[
    (d["asset_class"] == "EQ")
    & (d["u_venue"] == d["venue"])
    & d["date"].between(pd.Timestamp("2037-06-12"), pd.Timestamp("2037-06-23"))
    & d["eod_shares"].notna()
].copy()
d["rebal_local"] = d["rebal_notional"] * (d["eod_shares"] * d["nav"] / d["aum"])  # aum is in USD

agg = (
    d.groupby(["underlying_id", "underlying_ticker", "venue", "date"])
    .agg(n_funds=("fund_id", "size"), rebal_local=("rebal_local", "sum"))
    .reset_index()
)
eq = eq_daily[["security_id", "trade_date", "turnover"]].copy()
eq["trade_date"] = pd.to_datetime(eq["trade_date"])
agg = agg.merge(eq, left_on=["underlying_id", "date"], right_on=["security_id", "trade_date"])
agg = agg[agg["turnover"] > 0]
agg["pct_of_turnover"] = 100 * agg["rebal_local"] / agg["turnover"]
result = agg[["underlying_ticker", "venue", "date", "n_funds", "rebal_local", "turnover", "pct_of_turnover"]]
