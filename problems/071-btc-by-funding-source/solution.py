result = btc_ledger.groupby("source", as_index=False).agg(
    filings=("btc_delta", "size"), btc=("btc_delta", "sum"), usd=("usd_cost", "sum")
)
result["usd_per_btc"] = result["usd"] / result["btc"]
