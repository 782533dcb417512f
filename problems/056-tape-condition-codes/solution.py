# One row per message: the copies that arrived on both feeds share (security_id, trade_date, seq).
msgs = trades.drop_duplicates(["security_id", "trade_date", "seq"])
msgs = msgs.merge(securities[["security_id", "ticker"]], on="security_id")
counts = msgs.pivot_table(index=["ticker", "trade_date"], columns="cond", values="seq", aggfunc="size", fill_value=0)
counts = counts.reindex(columns=["REG", "ODD", "CLOSE_AUCT", "CANCEL", "CORR"], fill_value=0)
counts.columns = ["reg", "odd", "close_auct", "cancel", "corr"]
counts = counts.reset_index()
counts["messages"] = counts[["reg", "odd", "close_auct", "cancel", "corr"]].sum(axis=1)
counts["cancel_corr_share"] = (counts["cancel"] + counts["corr"]) / counts["messages"]
result = counts.sort_values(["ticker", "trade_date"], ignore_index=True)
