fund = fund_launches.loc[fund_launches["fund_type"] == "THEMATIC", "fund_id"].iloc[0]
rows = thematic_holdings[thematic_holdings["fund_id"] == fund].copy()
rows["private"] = rows["weight"].where(rows["is_private"].astype(bool), 0.0)
daily = rows.groupby("date", as_index=False)["private"].sum().sort_values("date")
daily = daily.rename(columns={"private": "private_weight"})
launch = daily["private_weight"].iloc[0]
halved = daily.loc[daily["private_weight"] <= launch / 2, "date"]
first = halved.min() if len(halved) else None
daily["first_halved"] = daily["date"] == first
result = daily.reset_index(drop=True)
