days = kr_credit_daily[["date", "unsettled_bal", "forced_liq"]].copy()
days["forced_liq_ratio"] = days["forced_liq"] / days["unsettled_bal"]
result = days.sort_values(["forced_liq_ratio", "date"], ascending=[False, True]).head(10).reset_index(drop=True)
