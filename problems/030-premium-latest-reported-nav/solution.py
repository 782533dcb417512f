import pandas as pd

c = cef_daily.copy()
c["date"] = pd.to_datetime(c["date"])
c["month"] = c["date"].dt.to_period("M")
px = c.loc[c.groupby(["fund_id", "month"])["date"].idxmax(), ["fund_id", "date", "price"]].sort_values("date")
r = cef_nav_reports.copy()
r["report_date"] = pd.to_datetime(r["report_date"])
r["period_end"] = pd.to_datetime(r["period_end"])
known = pd.merge_asof(
    px, r.sort_values("report_date")[["fund_id", "report_date", "period_end", "nav"]],
    left_on="date", right_on="report_date", by="fund_id", direction="backward",
)
ahead = pd.merge_asof(
    px, r.sort_values("period_end")[["fund_id", "period_end", "nav"]].rename(columns={"nav": "nav_ahead"}),
    left_on="date", right_on="period_end", by="fund_id", direction="backward",
)
out = known.merge(ahead[["fund_id", "date", "nav_ahead"]], on=["fund_id", "date"])
out = out.merge(securities[["security_id", "ticker"]], left_on="fund_id", right_on="security_id")
result = pd.DataFrame({
    "ticker": out["ticker"],
    "month_end": out["date"].dt.date,
    "price": out["price"],
    "nav_reported": out["nav"],
    "nav_period_end": out["period_end"].dt.date,
    "staleness_days": (out["date"] - out["period_end"]).dt.days.astype("int64"),
    "premium": (out["price"] / out["nav"] - 1).round(6),
    "lookahead_premium": (out["price"] / out["nav_ahead"] - 1).round(6),
}).sort_values(["ticker", "month_end"], ignore_index=True)
