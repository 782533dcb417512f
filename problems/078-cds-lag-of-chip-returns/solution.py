saci_id = securities.loc[securities["ticker"] == "SACI", "security_id"].iloc[0]
saci = index_levels[index_levels["index_id"] == saci_id].sort_values("trade_date")
r = np.log(saci["level"]).diff().to_numpy()
session_of = pd.Series(np.arange(len(saci)), index=saci["trade_date"].to_numpy())

five = cds_daily[cds_daily["tenor"] == "5Y"].sort_values(["issuer_id", "trade_date"])
five = five.merge(credit_issuers[["issuer_id", "segment"]], on="issuer_id")
five["ds"] = np.log(five["spread_bp"]).groupby(five["issuer_id"]).diff()
five["session"] = session_of.loc[five["trade_date"].to_numpy()].to_numpy()

rows = []
for lag in range(6):
    past = five["session"].to_numpy() - lag
    x = np.where(past >= 0, r[np.clip(past, 0, None)], np.nan)  # SACI's return `lag` sessions earlier
    pairs = pd.DataFrame({"segment": five["segment"], "ds": five["ds"], "r": x}).dropna()
    for segment, g in pairs.groupby("segment"):
        c = g["ds"].corr(g["r"])
        rows.append({
            "segment": segment,
            "lag": lag,
            "n_pairs": len(g),
            "correlation": c,
            "beta": g["ds"].cov(g["r"]) / g["r"].var(),
            "r_squared": c * c,
        })
fits = pd.DataFrame(rows)
ranked = fits.sort_values(["segment", "r_squared", "lag"], ascending=[True, False, True])
best = ranked.groupby("segment")["lag"].first()
fits["is_best"] = fits["lag"] == fits["segment"].map(best)
result = fits
