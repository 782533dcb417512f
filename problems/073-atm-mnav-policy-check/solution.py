import pandas as pd

atm = btc_ledger.loc[btc_ledger["source"] == "ATM", ["date", "btc_delta", "usd_cost"]]
atm = atm.rename(columns={"date": "filing_date"})
atm["filing_date"] = pd.to_datetime(atm["filing_date"])
daily = company_daily[["date", "mnav"]].rename(columns={"date": "last_close_date", "mnav": "mnav_last_close"})
daily["last_close_date"] = pd.to_datetime(daily["last_close_date"])
daily["key"] = daily["last_close_date"]
out = pd.merge_asof(atm.sort_values("filing_date"), daily.sort_values("key"), left_on="filing_date",
                    right_on="key", direction="backward", allow_exact_matches=False)
out["min_mnav"] = company_policy.loc[company_policy["name"] == "atm_min_mnav", "value"].iloc[0]
out["allowed"] = (out["mnav_last_close"] >= out["min_mnav"]).where(out["mnav_last_close"].notna())
result = out[["filing_date", "btc_delta", "usd_cost", "last_close_date", "mnav_last_close", "min_mnav", "allowed"]]
