rows = cef_daily.sort_values(["fund_id", "date"])
hi = rows.loc[rows.groupby("fund_id")["premium"].idxmax(), ["fund_id", "premium", "date"]]
lo = rows.loc[rows.groupby("fund_id")["premium"].idxmin(), ["fund_id", "premium", "date"]]
hi.columns = ["fund_id", "max_premium", "max_date"]
lo.columns = ["fund_id", "min_premium", "min_date"]
names = securities[["security_id", "ticker"]].rename(columns={"security_id": "fund_id"})
result = hi.merge(lo, on="fund_id").merge(names, on="fund_id")
result = result[["ticker", "max_premium", "max_date", "min_premium", "min_date"]]
