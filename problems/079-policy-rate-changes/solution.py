p = policy_rates.sort_values(["ccy", "eff_date"]).copy()
p["prev_rate_pct"] = p.groupby("ccy")["rate_pct"].shift(1)
c = p[p["prev_rate_pct"].notna()].copy()
c["change_bp"] = ((c["rate_pct"] - c["prev_rate_pct"]) * 100).round()
c["pair"] = "USD" + c["ccy"]
fx = fx_daily[["pair", "trade_date", "open", "close"]]
c = c.merge(fx, left_on=["pair", "eff_date"], right_on=["pair", "trade_date"], how="left")
c["usd_fx_change_pct"] = (c["close"] / c["open"] - 1) * 100
result = c.sort_values(["eff_date", "ccy"], ignore_index=True)[
    ["ccy", "central_bank", "eff_date", "prev_rate_pct", "rate_pct", "change_bp", "usd_fx_change_pct"]]
