import numpy as np
import pandas as pd
from arch import arch_model
from scipy import stats

ALPHA = 0.05  # 95 % VaR and ES: the 5 % left tail
LAST_FIT = pd.Timestamp("2037-06-11")  # eve of the sell-off: last return of the estimation window

zmry = securities.loc[securities["ticker"] == "ZMRY", "security_id"].item()
px = eq_daily[eq_daily["security_id"] == zmry].sort_values("trade_date")
r = pd.Series(100 * np.log(px["close"].to_numpy()[1:] / px["close"].to_numpy()[:-1]),
              index=pd.to_datetime(px["trade_date"]).to_numpy()[1:])
n_fit = int(np.sum(r.index <= LAST_FIT))

# fit once on the estimation window; then filter the variance forward with the parameters fixed
model = arch_model(r, mean="Constant", vol="GARCH", p=1, o=1, q=1, dist="t")
res = model.fit(last_obs=n_fit, disp="off")
fc = res.forecast(horizon=1, start=n_fit - 1, reindex=False)
mu = fc.mean["h.1"].to_numpy()[:-1]  # the row dated t is the forecast for the next session
sigma = np.sqrt(fc.variance["h.1"].to_numpy()[:-1])
nu = res.params["nu"]
loss = -r.to_numpy()[n_fit:]

# Student-t scaled to unit variance: left-tail quantile and expected shortfall
scale = 1.0
q = stats.t.ppf(ALPHA, nu)
es_std = stats.t.pdf(q, nu) / ALPHA * (nu + q**2) / (nu - 1)
var = -(mu + sigma * scale * q)
es = -mu + sigma * scale * es_std
hit = loss > var

# Kupiec's unconditional coverage: binomial likelihood at ALPHA vs at the observed rate
n, x = len(loss), int(np.sum(hit))
lr = -2 * (stats.binom.logpmf(x, n, ALPHA) - stats.binom.logpmf(x, n, x / n))

result = pd.DataFrame(
    {
        "n_forecasts": [n],
        "exceptions": [x],
        "expected_exceptions": [n * ALPHA],
        "kupiec_lr": [lr],
        "kupiec_p_value": [stats.chi2.sf(lr, 1)],
        "mean_var_pct": [np.mean(var)],
        "mean_es_pct": [np.mean(es)],
        "mean_loss_on_exceptions_pct": [np.mean(loss[hit]) if x else None],
        "mean_es_on_exceptions_pct": [np.mean(es[hit]) if x else None],
    }
)
