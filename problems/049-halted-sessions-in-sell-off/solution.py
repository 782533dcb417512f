halted = eq_daily[
    eq_daily["trade_date"].between("2037-06-12", "2037-06-22") & (eq_daily["halt_minutes"] > 0)
].merge(securities[["security_id", "ticker", "venue"]], on="security_id")
result = (
    halted.groupby(["ticker", "venue"], as_index=False)
    .agg(halted_sessions=("halt_minutes", "size"), halt_minutes=("halt_minutes", "sum"))
    .sort_values(["halted_sessions", "halt_minutes", "ticker"], ascending=[False, False, True], ignore_index=True)
)
