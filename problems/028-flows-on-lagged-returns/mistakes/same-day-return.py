import numpy as np
import pandas as pd

LAGS = 5
d = etp_daily.merge(etp_master[["fund_id", "close_date"]], on="fund_id")
d = d[d["close_date"].isna()].sort_values(["fund_id", "date"]).copy()
# creations of the day as a share of the shares outstanding before them (shares_out is the previous close's count)
d["flow_pct"] = 100 * d["creation_units"] * 10_000 / d["shares_out"]
d["ret_pct"] = 100 * np.log1p(d["und_return"])
terms = [f"ret_lag{k}" for k in range(1, LAGS + 1)]
for k, term in enumerate(terms, start=1):
    d[term] = d.groupby("fund_id")["ret_pct"].shift(k - 1)
d = d.dropna(subset=terms)

# within transformation: demeaning by fund absorbs the fund fixed effects
cols = ["flow_pct", *terms]
w = d[cols] - d.groupby("fund_id")[cols].transform("mean")
y, X = w["flow_pct"].to_numpy(), w[terms].to_numpy()
beta, *_ = np.linalg.lstsq(X, y, rcond=None)
resid = y - X @ beta
n_obs, n_funds = len(d), d["fund_id"].nunique()
dof = n_obs - n_funds - len(terms)
cov = (resid @ resid / dof) * np.linalg.inv(X.T @ X)

ones = np.ones(len(terms))
estimates = [*beta, np.sum(beta)]
errors = [*np.sqrt(np.diag(cov)), np.sqrt(ones @ cov @ ones)]
result = pd.DataFrame({"term": [*terms, "sum_lags"], "estimate": estimates, "std_error": errors})
result["t_stat"] = result["estimate"] / result["std_error"]
result["n_obs"] = n_obs
result["n_funds"] = n_funds
