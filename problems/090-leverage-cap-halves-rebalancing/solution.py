import numpy as np
import pandas as pd

# Each US fund's rebalancing flow on each session: L(L-1) * previous close's AUM * underlying return.
us = etp_daily.merge(etp_master[["fund_id", "leverage", "venue"]], on="fund_id")
us = us[us["venue"] == "NXS"].sort_values(["fund_id", "date"])
us["prev_aum"] = us.groupby("fund_id")["aum"].shift(1)
flows = us[us["prev_aum"].notna()].copy()
flows["flow"] = flows["leverage"] * (flows["leverage"] - 1) * flows["prev_aum"] * flows["und_return"]

daily = flows.groupby("date", as_index=False)["flow"].sum()
daily["size"] = daily["flow"].abs()
crash_date = daily.sort_values(["size", "date"], ascending=[False, True])["date"].iloc[0]
day = flows[flows["date"] == crash_date]

caps = sorted({1.0} | set(day["leverage"].abs()), reverse=True)
uncapped = day["flow"].sum()
rows = []
for cap in caps:
    # A fund above the cap keeps its AUM and its direction and is re-levered to the cap.
    lev = np.sign(day["leverage"]) * np.minimum(day["leverage"].abs(), cap)
    above = day["leverage"].abs() > cap
    flow = (lev * (lev - 1) * day["prev_aum"] * day["und_return"]).sum()
    rows.append({
        "crash_date": crash_date,
        "cap": cap,
        "funds_capped": int(above.sum()),
        "aum_capped_usd": day.loc[above, "prev_aum"].sum(),
        "aum_capped_share": day.loc[above, "prev_aum"].sum() / day["prev_aum"].sum(),
        "flow_usd": flow,
        "flow_ratio": flow / uncapped,
        "halves": bool(abs(flow) <= 0.5 * abs(uncapped)),
    })
out = pd.DataFrame(rows)
halving = out.loc[out["halves"], "cap"]
out["chosen"] = out["cap"] == halving.max() if len(halving) else False
result = out
