import numpy as np

key = ["security_id", "trade_date", "seq"]
one = trades.sort_values([*key, "ts_ingest", "feed"]).drop_duplicates(key, keep="first")
fixes = one.loc[one["cond"].isin(["CANCEL", "CORR"]), ["security_id", "trade_date", "ref_seq", "cond", "price", "size"]]
fixes = fixes.rename(columns={"ref_seq": "seq", "cond": "fix", "price": "fix_price", "size": "fix_size"})
fixes["seq"] = fixes["seq"].astype("int64")
prints = one[one["cond"].isin(["REG", "ODD", "CLOSE_AUCT"])].copy()
prints["seq"] = prints["seq"].astype("int64")
c = prints.merge(fixes, on=key, how="left")
corr = c["fix"].eq("CORR")
c["price"] = np.where(corr, c["fix_price"], c["price"])
c["size"] = np.where(corr, c["fix_size"], c["size"]).astype("int64")
c["cancelled"] = c["fix"].eq("CANCEL")
c["corrected"] = corr
kept = c[~c["cancelled"]].copy()
kept["notional"] = kept["price"] * kept["size"]

g = ["security_id", "trade_date"]
counts = c.groupby(g).agg(cancelled=("cancelled", "sum"), corrected=("corrected", "sum")).reset_index()
agg = kept.groupby(g).agg(
    prints=("seq", "size"), volume=("size", "sum"), notional=("notional", "sum"),
    high=("price", "max"), low=("price", "min"),
).reset_index()
first = kept[kept["cond"] == "REG"].sort_values("seq").groupby(g)["price"].first().rename("first_price").reset_index()
close = kept[kept["cond"] == "CLOSE_AUCT"].groupby(g)["price"].max().rename("close_auction").reset_index()
raw = trades.groupby(g).agg(raw_rows=("trade_id", "size"), messages=("seq", "nunique")).reset_index()

out = raw.merge(counts, on=g).merge(agg, on=g).merge(first, on=g).merge(close, on=g)
out["vwap"] = out["notional"] / out["volume"]
out = out.merge(securities[["security_id", "ticker"]], on="security_id")
result = out[["ticker", "trade_date", "raw_rows", "messages", "cancelled", "corrected", "prints", "volume",
              "vwap", "first_price", "high", "low", "close_auction"]]
