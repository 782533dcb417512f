import pandas as pd

d = fund_daily.sort_values(["fund_id", "date"])
g = d.groupby("fund_id")
per_fund = pd.DataFrame({"last_nav": g["nav"].last(), "last_aum": g["aum"].last(), "peak_aum": g["aum"].max()})
per_fund = per_fund.join(fund_launches.set_index("fund_id")[["launch_date", "launch_nav"]])
launch = pd.to_datetime(per_fund["launch_date"])
per_fund["cohort"] = launch.dt.year.astype(str) + "-Q" + launch.dt.quarter.astype(str)
per_fund["ret"] = per_fund["last_nav"] / per_fund["launch_nav"] - 1
out = per_fund.groupby("cohort", as_index=False).agg(
    n_funds=("ret", "size"),
    avg_return=("ret", "mean"),
    worst_return=("ret", "min"),
    peak_aum_usd=("peak_aum", "sum"),
    last_aum_usd=("last_aum", "sum"),
)
out["aum_retention"] = (out["last_aum_usd"] / out["peak_aum_usd"]).round(6)
out["avg_return"] = out["avg_return"].round(6)
out["worst_return"] = out["worst_return"].round(6)
out["peak_aum_usd"] = out["peak_aum_usd"].round(2)
out["last_aum_usd"] = out["last_aum_usd"].round(2)
result = out.sort_values("cohort", ignore_index=True)
