mentions = news.assign(ticker=news["tickers_mentioned"].str.split(",")).explode("ticker")
mentions["ticker"] = mentions["ticker"].str.strip()
stocks = securities.loc[securities["asset_class"] == "EQ", ["ticker", "security_id", "venue"]]
m = mentions.merge(stocks, on="ticker").merge(venues[["venue", "tz"]], on="venue")

# publication time on the venue's own clock
utc = m["ts_utc"].dt.tz_localize("UTC")  # a naive UTC TIMESTAMP: say it is UTC
local = pd.Series(pd.NaT, index=m.index, dtype="datetime64[ns]")
for tz, idx in m.groupby("tz").groups.items():
    local.loc[idx] = utc.loc[idx].dt.tz_convert(tz).dt.tz_localize(None)
m["local_date"] = local.dt.normalize()
m["local_secs"] = (local - local.dt.normalize()).dt.total_seconds()

# split-adjusted returns on each session and on the session after it
splits = corporate_actions[corporate_actions["action_type"].isin(["SPLIT", "RSPLIT"])]
splits = splits.groupby(["security_id", "ex_date"], as_index=False)["ratio"].prod()
splits = splits.rename(columns={"ex_date": "trade_date"})
bars = eq_daily[["security_id", "trade_date", "close"]].merge(splits, on=["security_id", "trade_date"], how="left")
bars = bars.sort_values(["security_id", "trade_date"], ignore_index=True)
bars["trade_date"] = pd.to_datetime(bars["trade_date"]).astype("datetime64[ns]")
adjusted = bars["close"] * bars["ratio"].fillna(1.0)
bars["ret"] = adjusted / bars.groupby("security_id")["close"].shift(1) - 1
bars["next_ret"] = adjusted.groupby(bars["security_id"]).shift(-1) / bars["close"] - 1

# same-day session when the stock has a bar on the local date and the headline came before that day's close
cal = trading_calendar[["venue", "cal_date", "close_local"]].copy()
cal["local_date"] = pd.to_datetime(cal["cal_date"]).astype("datetime64[ns]")
cal["close_secs"] = [
    float("nan") if pd.isna(t) else t.hour * 3600 + t.minute * 60 + t.second for t in cal["close_local"]
]
m = m.merge(cal[["venue", "local_date", "close_secs"]], on=["venue", "local_date"], how="left")
has_bar = m.set_index(["security_id", "local_date"]).index.isin(bars.set_index(["security_id", "trade_date"]).index)
m["before_close"] = has_bar & (m["local_secs"] < m["close_secs"])

# otherwise the security's first session after the local date
m["after"] = m["local_date"] + pd.Timedelta(days=1)
m = m.sort_values("after")
nxt = pd.merge_asof(
    m, bars[["security_id", "trade_date"]].sort_values("trade_date"),
    left_on="after", right_on="trade_date", by="security_id", direction="forward",
)
nxt["effective_session"] = nxt["local_date"].where(nxt["before_close"], nxt["trade_date"])
out = nxt.dropna(subset=["effective_session"]).merge(
    bars[["security_id", "trade_date", "ret", "next_ret"]],
    left_on=["security_id", "effective_session"], right_on=["security_id", "trade_date"],
)
result = pd.DataFrame({
    "news_id": out["news_id"],
    "ticker": out["ticker"],
    "sentiment": out["sentiment"],
    "effective_session": out["effective_session"].dt.date,
    "effective_return": out["ret"],
    "next_return": out["next_ret"],
})
