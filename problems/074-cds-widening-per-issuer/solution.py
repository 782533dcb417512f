five = cds_daily[cds_daily["tenor"] == "5Y"].sort_values(["issuer_id", "trade_date"])
by_issuer = five.groupby("issuer_id")["spread_bp"]
spreads = pd.DataFrame({
    "first_spread": by_issuer.first(),
    "peak_spread": by_issuer.max(),
    "last_spread": by_issuer.last(),
}).reset_index()
spreads["widening_bp"] = spreads["last_spread"] - spreads["first_spread"]
names = credit_issuers[["issuer_id", "issuer_name", "segment"]]
result = (
    names.merge(spreads, on="issuer_id")
    .sort_values(["widening_bp", "issuer_id"], ascending=[False, True], ignore_index=True)
)
