daily = etp_daily.groupby("date", as_index=False)["aum"].sum()
peak = daily.sort_values(["aum", "date"], ascending=[False, True])["date"].iloc[0]
rows = etp_daily[etp_daily["date"] == peak].merge(etp_master[["fund_id", "family"]], on="fund_id")
result = rows.groupby("family", as_index=False).agg(funds=("fund_id", "size"), aum_usd=("aum", "sum"))
result["share"] = result["aum_usd"] / result["aum_usd"].sum()
result.insert(0, "peak_date", peak)
