usdt = ohlcv_1h.loc[(ohlcv_1h["venue"] == "CX1") & (ohlcv_1h["pair"] == "USDT-USD"), ["ts_utc", "close"]]
usdt = usdt.rename(columns={"close": "usd_per_usdt"})
btc = ohlcv_1h.merge(crypto_pairs[crypto_pairs["base"] == "BTC"][["venue", "pair", "quote_ccy"]], on=["venue", "pair"])
btc = btc.merge(usdt, on="ts_utc", how="left")
btc["low_usd"] = btc["low"].where(btc["quote_ccy"] != "USDT", btc["low"] * btc["usd_per_usdt"])
lows = btc[["venue", "pair", "ts_utc", "low_usd"]]
# every bar against the bars of the same hour on the other venues
pairs = lows.merge(lows, on="ts_utc", suffixes=("", "_other"))
pairs = pairs[pairs["venue_other"] != pairs["venue"]]
compared = pairs.groupby(["venue", "pair", "ts_utc", "low_usd"], as_index=False).agg(
    others_median_usd=("low_usd_other", "median"), others=("low_usd_other", "size"))
wicks = compared[compared["low_usd"] < 0.97 * compared["others_median_usd"]].copy()
wicks["gap"] = wicks["low_usd"] / wicks["others_median_usd"] - 1
result = wicks.sort_values(["ts_utc", "venue", "pair"], ignore_index=True)
