import pandas as pd

SHOCKS = [0.0, -0.05, -0.10, -0.20]
RAISED_DAY = pd.Timestamp("2037-06-22")

eod = margin_eod.copy()
eod["date"] = pd.to_datetime(eod["date"])
asof = eod[eod["date"] <= pd.Timestamp("2037-06-11")].sort_values("date").groupby("account_id").tail(1)
asof = asof[["account_id", "date", "debit"]].merge(accounts[["account_id", "broker_id"]], on="account_id")

pos = margin_positions.copy()
pos["eff_from"] = pd.to_datetime(pos["eff_from"])
pos["eff_to"] = pd.to_datetime(pos["eff_to"])
p = asof.merge(pos, on="account_id")
p = p[(p["eff_from"] <= p["date"]) & (p["eff_to"].isna() | (p["date"] <= p["eff_to"]))]
px = eq_daily[["security_id", "trade_date", "close"]].copy()
px["trade_date"] = pd.to_datetime(px["trade_date"])
p = p.merge(px, left_on=["security_id", "date"], right_on=["security_id", "trade_date"])
p = p.merge(securities[["security_id", "leverage"]], on="security_id")
p["leverage"] = p["leverage"].fillna(1.0)
p["security_id"] = p["security_id"].astype("int64")
p = p.reset_index(drop=True)
p["row"] = p.index

req = house_requirements[["broker_id", "security_id", "maint_pct", "eff_from", "eff_to"]].copy()
req["eff_from"] = pd.to_datetime(req["eff_from"])
req["eff_to"] = pd.to_datetime(req["eff_to"])
own_rows = req[req["security_id"].notna()].astype({"security_id": "int64"})
default_rows = req[req["security_id"].isna()].drop(columns="security_id")


def pct_on(day: pd.Series) -> pd.Series:
    """maint_pct of every position row on its date in ``day``: the security's own row, else the default."""
    frame = p[["row", "broker_id", "security_id"]].assign(day=day.to_numpy())

    def live(r):
        return r[(r["eff_from"] <= r["day"]) & (r["eff_to"].isna() | (r["day"] <= r["eff_to"]))]

    own = live(frame.merge(own_rows, on=["broker_id", "security_id"])).set_index("row")["maint_pct"]
    dflt = live(frame.merge(default_rows, on="broker_id")).set_index("row")["maint_pct"]
    return own.reindex(p["row"]).fillna(dflt.reindex(p["row"]))


pct = {"asof": pct_on(p["date"]), "raised": pct_on(pd.Series(RAISED_DAY, index=p.index))}
rows = []
for regime, maint_pct in pct.items():
    for shock in SHOCKS:
        value = p["qty"] * p["close"] * (1 + (p["leverage"] * shock).clip(lower=-1.0))
        acct = pd.DataFrame({"account_id": p["account_id"], "lmv": value, "req": value * maint_pct.to_numpy()})
        acct = acct.groupby("account_id")[["lmv", "req"]].sum().reset_index().merge(asof, on="account_id")
        acct["equity"] = acct["lmv"] - acct["debit"]
        acct["breach"] = acct["equity"] < acct["req"]
        acct["deficit"] = (acct["req"] - acct["equity"]).where(acct["breach"], 0.0)
        g = acct.groupby("broker_id").agg(
            n_accounts=("account_id", "size"), n_breach=("breach", "sum"), deficit=("deficit", "sum")
        ).reset_index()
        g["regime"], g["shock"] = regime, shock
        rows.append(g)

out = pd.concat(rows, ignore_index=True)
out["n_breach"] = out["n_breach"].astype("int64")
out["breach_rate"] = (out["n_breach"] / out["n_accounts"]).round(4)
out["deficit"] = out["deficit"].round(2)
result = out.sort_values(["regime", "shock", "broker_id"], ascending=[True, False, True], ignore_index=True)[
    ["regime", "shock", "broker_id", "n_accounts", "n_breach", "breach_rate", "deficit"]
]
