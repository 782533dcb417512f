fx = fx_daily.sort_values(["pair", "trade_date"]).copy()
g = fx.groupby("pair")
fx["start_date"] = g["trade_date"].shift(5)
fx["start_close"] = g["close"].shift(5)
fx = fx[fx["start_close"].notna()].copy()
fx["move"] = fx["close"] / fx["start_close"] - 1
fx["size"] = fx["move"].abs()
best = fx.sort_values(["pair", "size", "trade_date"], ascending=[True, False, True]).groupby("pair").head(1)
result = best.rename(columns={"trade_date": "end_date", "close": "end_close"}).assign(
    move_pct=best["move"] * 100)[["pair", "start_date", "end_date", "start_close", "end_close", "move_pct"]]
result = result.sort_values("pair", ignore_index=True)
