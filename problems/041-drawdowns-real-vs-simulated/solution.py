import pandas as pd

CHIP_SECTORS = ["AI Accelerators", "Memory", "Foundry & Equipment", "Networking Silicon"]


def drawdown_stats(source, level):
    """Maximum drawdown of a level series indexed by session date, plus the worst day."""
    level = level.sort_index()
    peak_level = level.cummax()
    dd = level / peak_level - 1
    trough = dd.idxmin()
    peak_value = peak_level[trough]
    peak = level[:trough][level[:trough] == peak_value].index[0]
    after = level[trough:]
    recovered = after[after >= peak_value]
    ret = level / level.shift(1) - 1
    return {
        "source": source,
        "peak_date": peak,
        "trough_date": trough,
        "max_drawdown": dd[trough],
        "sessions_to_trough": level.index.get_loc(trough) - level.index.get_loc(peak),
        "recovery_date": recovered.index[0] if len(recovered) else pd.NaT,
        "worst_day_date": ret.idxmin(),
        "worst_day_return": ret.min(),
    }


# simulated: equal-weighted basket of the NXS chip stocks, split-adjusted, started at 1
chips = securities.loc[
    (securities["venue"] == "NXS")
    & (securities["asset_class"] == "EQ")
    & securities["underlying_id"].isna()
    & securities["sector"].isin(CHIP_SECTORS),
    "security_id",
]
keys = ["security_id", "trade_date"]
splits = (
    corporate_actions[corporate_actions["action_type"].isin(["SPLIT", "RSPLIT"])]
    .rename(columns={"ex_date": "trade_date"})
    .groupby(keys, as_index=False)["ratio"]
    .prod()
)
bars = eq_daily[eq_daily["security_id"].isin(chips)].merge(splits, on=keys, how="left").sort_values(keys)
prev_close = bars.groupby("security_id")["close"].shift(1)
bars["ret"] = bars["close"] * bars["ratio"].fillna(1.0) / prev_close - 1
basket = bars.groupby("trade_date")["ret"].mean().fillna(0.0)
basket.index = pd.to_datetime(basket.index)
rows = [drawdown_stats("SIM_CHIPS", (1 + basket).cumprod())]

for code, g in real_index_daily.groupby("index_code"):
    rows.append(drawdown_stats(code, g.set_index(pd.to_datetime(g["trade_date"]))["close"]))

result = pd.DataFrame(rows)
for c in ("peak_date", "trough_date", "recovery_date", "worst_day_date"):
    dates = pd.to_datetime(result[c])
    result[c] = dates.dt.date.astype(object).where(dates.notna(), None)
