import pandas as pd

STOCKS = ["ZVLT", "ZMRY", "ZKLC", "ZVHL"]
WINDOW = 60

ids = securities.set_index("ticker")["security_id"]

# index returns
idx = index_levels[index_levels["index_id"].isin([ids["M500"], ids["SACI"]])]
idx = idx.pivot(index="trade_date", columns="index_id", values="level").sort_index()
idx_ret = idx.pct_change(fill_method=None).rename(columns={ids["M500"]: "m500", ids["SACI"]: "saci"})

# split-adjusted stock returns
splits = corporate_actions[corporate_actions["action_type"].isin(["SPLIT", "RSPLIT"])]
splits = splits.groupby(["security_id", "ex_date"], as_index=False)["ratio"].prod()
splits = splits.rename(columns={"ex_date": "trade_date"})
bars = eq_daily[eq_daily["security_id"].isin(ids[STOCKS])][["security_id", "trade_date", "close"]]
bars = bars.merge(splits, on=["security_id", "trade_date"], how="left").sort_values(["security_id", "trade_date"])
bars["ratio"] = bars["ratio"].fillna(1.0)
bars["r"] = bars["close"] * bars["ratio"] / bars.groupby("security_id")["close"].shift(1) - 1

rows = []
for ticker in STOCKS:
    s = bars[bars["security_id"] == ids[ticker]].set_index("trade_date")["r"]
    df = idx_ret.join(s.rename("r"), how="inner")
    out = pd.DataFrame(index=df.index)
    for name in ("m500", "saci"):
        cov = df["r"].rolling(WINDOW, min_periods=WINDOW).cov(df[name])
        var = df[name].rolling(WINDOW, min_periods=WINDOW).var()
        out[f"beta_{name}"] = cov / var
    out = out.dropna()
    out["ticker"] = ticker
    out["trade_date"] = out.index
    month = pd.to_datetime(out["trade_date"]).dt.to_period("M")
    rows.append(out[month != month.shift(-1)])

result = pd.concat(rows, ignore_index=True)[["ticker", "trade_date", "beta_m500", "beta_saci"]]
