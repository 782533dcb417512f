import numpy as np
import pandas as pd

MAX_LAG = 5
STRESS = ("2037-05-28", "2037-07-31")

# NXS sessions and SACI's log return on each
saci_id = securities.loc[securities["ticker"] == "SACI", "security_id"].iloc[0]
saci = index_levels[index_levels["index_id"] == saci_id].sort_values("trade_date")
sessions = pd.to_datetime(saci["trade_date"]).to_numpy()
r_saci = pd.Series(np.log(saci["level"].to_numpy()), index=sessions).diff()

# each segment: mean over its issuers of the daily change in log 5Y spread (issuer by issuer)
cds = cds_daily[cds_daily["tenor"] == "5Y"].merge(credit_issuers[["issuer_id", "segment"]], on="issuer_id")
cds = cds.sort_values(["trade_date", "issuer_id"])
cds["d_log"] = np.log(cds["spread_bp"]).diff()
cds["trade_date"] = pd.to_datetime(cds["trade_date"])
series = {seg: g.groupby("trade_date")["d_log"].mean() for seg, g in cds.groupby("segment")}

# USD/JPY: the close on each NXS session, then the log change from the previous NXS session
fx = fx_daily[fx_daily["pair"] == "USDJPY"].copy()
fx["trade_date"] = pd.to_datetime(fx["trade_date"])
jpy = fx.set_index("trade_date")["close"].reindex(sessions)
series["USDJPY"] = np.log(jpy).diff()

rows = []
for name, x in series.items():
    x = x.reindex(sessions)
    for lag in range(MAX_LAG + 1):
        pair = pd.DataFrame({"x": x, "r": r_saci.shift(lag)}).dropna()
        stress = pair.loc[STRESS[0] : STRESS[1]]
        rows.append(
            {
                "series": name,
                "lag": lag,
                "n": len(pair),
                "corr": pair["x"].corr(pair["r"]),
                "corr_stress": stress["x"].corr(stress["r"]),
            }
        )
result = pd.DataFrame(rows)
