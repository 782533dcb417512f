import numpy as np
import pandas as pd
from scipy.optimize import least_squares

DATES = [pd.Timestamp("2037-05-14"), pd.Timestamp("2037-06-17")]


def svi(p, k):
    a, b, rho, m, sigma = p
    return a + b * (rho * (k - m) + np.sqrt((k - m) ** 2 + sigma**2))


def fit(k, w):
    """Least squares on total variance from nine starts; the lowest cost wins."""
    best = None
    for rho0 in (-0.6, 0.0, 0.6):
        for m0 in (-0.1, 0.0, 0.1):
            start = [w.min() / 2, 0.1, rho0, m0, 0.1]
            r = least_squares(lambda p: svi(p, k) - w, start,
                              bounds=([-1, 0, -0.999, -1, 1e-4], [1, 10, 0.999, 1, 2]))
            if best is None or r.cost < best.cost:
                best = r
    return best.x


zvlt = int(securities.loc[securities["ticker"] == "ZVLT", "security_id"].iloc[0])
o = opt_eod[opt_eod["underlying_id"] == zvlt].copy()
o["quote_date"] = pd.to_datetime(o["quote_date"])
o["expiry"] = pd.to_datetime(o["expiry"])
o = o[o["quote_date"].isin(DATES) & o["iv"].notna() & (o["bid"] > 0) & (o["bid"] <= o["ask"])]
o["dte"] = (o["expiry"] - o["quote_date"]).dt.days
o = o[o["dte"] >= 7]
o["t"] = o["dte"] / 365.0
o["fwd"] = o["und_close"] * np.exp(o["rate"] * o["t"])

rows = []
for (day, expiry), g in o.groupby(["quote_date", "expiry"]):
    if len(g) < 6:
        continue
    t = g["t"].iloc[0]
    k = np.log(g["strike"].to_numpy() / g["fwd"].to_numpy())
    p = fit(k, g["iv"].to_numpy() ** 2 * t)

    def vol(x, p=p, t=t):
        return np.sqrt(np.maximum(svi(p, np.asarray(x, dtype=float)), 0.0) / t)

    rows.append({
        "quote_date": day.date(),
        "expiry": expiry.date(),
        "dte": int(g["dte"].iloc[0]),
        "n_points": len(g),
        "atm_vol": round(100 * float(vol(0.0)), 2),
        "skew_10": round(100 * float(vol(0.1) - vol(-0.1)), 2),
        "rmse_vol": round(100 * float(np.sqrt(np.mean((vol(k) - g["iv"].to_numpy()) ** 2))), 2),
    })
result = pd.DataFrame(rows).sort_values(["quote_date", "expiry"], ignore_index=True)
