import numpy as np


def in_force(frame, day):
    """Rows of an effective-dated table in force on each row's `day`."""
    return (frame["eff_from"] <= frame[day]) & (frame["eff_to"].isna() | (frame[day] <= frame["eff_to"]))


eod = margin_eod.merge(accounts[["account_id", "broker_id"]], on="account_id")
pos = eod[["account_id", "date", "broker_id"]].merge(margin_positions, on="account_id")
pos = pos[in_force(pos, "date")].drop(columns=["eff_from", "eff_to"])
pos = pos.merge(eq_daily[["security_id", "trade_date", "close"]],
                left_on=["security_id", "date"], right_on=["security_id", "trade_date"])

specific = house_requirements[house_requirements["security_id"].notna()].astype({"security_id": "int32"})
spec = pos.merge(specific[["broker_id", "security_id", "maint_pct", "eff_from", "eff_to"]],
                 on=["broker_id", "security_id"])
spec = spec[in_force(spec, "date")][["account_id", "date", "security_id", "maint_pct"]]
default = house_requirements[house_requirements["security_id"].isna()]
dflt = pos.merge(default[["broker_id", "maint_pct", "eff_from", "eff_to"]], on="broker_id")
dflt = dflt[in_force(dflt, "date")][["account_id", "date", "security_id", "maint_pct"]]

keys = ["account_id", "date", "security_id"]
pos = pos.merge(spec, on=keys, how="left").merge(dflt, on=keys, how="left", suffixes=("", "_default"))
pct = pos["maint_pct"].fillna(pos["maint_pct_default"])
# DuckDB's round() (and the broker) round half away from zero; numpy rounds half to even
value = pos["qty"] * pos["close"] * pct
pos["req"] = np.sign(value) * np.floor(np.abs(value) * 100 + 0.5) / 100
req = pos.groupby(["account_id", "date"], as_index=False)["req"].sum().rename(columns={"req": "maint_req"})

out = eod[["account_id", "date", "broker_id", "equity", "call_flag"]].merge(req, on=["account_id", "date"])
out["should_call"] = out["equity"] - out["maint_req"] < 0
out = out[out["call_flag"] != out["should_call"]]
out["excess"] = (out["equity"] - out["maint_req"]).round(2)
out["maint_req"] = out["maint_req"].round(2)
result = out[["account_id", "date", "broker_id", "maint_req", "excess", "call_flag", "should_call"]].sort_values(
    ["date", "account_id"], ignore_index=True
)
