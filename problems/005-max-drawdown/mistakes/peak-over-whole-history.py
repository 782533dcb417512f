import pandas as pd

memory = securities.loc[
    (securities["venue"] == "NXS") & (securities["asset_class"] == "EQ") & (securities["sector"] == "Memory"),
    ["security_id", "ticker"],
]
px = eq_daily.merge(memory, on="security_id").sort_values(["ticker", "trade_date"], ignore_index=True)
px["run_peak"] = px.groupby("ticker")["close"].transform("max")
px["drawdown"] = px["close"] / px["run_peak"] - 1

rows = []
for ticker, g in px.groupby("ticker"):
    trough = g.loc[g["drawdown"].idxmin()]  # idxmin keeps the first, i.e. earliest, of tied minima
    peak_dates = g.loc[(g["trade_date"] <= trough["trade_date"]) & (g["close"] == trough["run_peak"]), "trade_date"]
    after = g[g["trade_date"] > trough["trade_date"]]
    recovered = after.loc[after["close"] >= trough["run_peak"], "trade_date"]
    recovery_date = recovered.min() if len(recovered) else None
    rows.append(
        {
            "ticker": ticker,
            "peak_date": peak_dates.max(),
            "peak_close": trough["run_peak"],
            "trough_date": trough["trade_date"],
            "trough_close": trough["close"],
            "max_drawdown": trough["drawdown"],
            "recovery_date": recovery_date,
            "sessions_to_recover": None if recovery_date is None else int((after["trade_date"] <= recovery_date).sum()),
        }
    )
result = pd.DataFrame(rows).astype({"sessions_to_recover": "Int64"})
