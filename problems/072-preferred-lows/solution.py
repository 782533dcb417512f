prefs = instrument_daily.merge(instruments[["security_id", "ticker", "kind", "par"]], on="security_id")
prefs = prefs[prefs["kind"] == "PREF"].sort_values(["security_id", "close", "date"])
low = prefs.groupby("security_id").head(1)
result = low[["ticker", "close", "date", "par"]].rename(columns={"close": "low_close", "date": "low_date"})
result["low_price_usd"] = result["low_close"] / 100 * result["par"]
result["drop_from_par"] = result["low_price_usd"] / result["par"] - 1
result = result.drop(columns="par").reset_index(drop=True)
