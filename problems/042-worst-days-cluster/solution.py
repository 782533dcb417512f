import numpy as np
import pandas as pd

# ZVLT: split-adjusted log returns over its own sessions
zvlt_id = securities.loc[securities["ticker"] == "ZVLT", "security_id"].iloc[0]
splits = (
    corporate_actions[
        (corporate_actions["security_id"] == zvlt_id) & corporate_actions["action_type"].isin(["SPLIT", "RSPLIT"])
    ]
    .groupby("ex_date")["ratio"]
    .prod()
)
z = eq_daily[eq_daily["security_id"] == zvlt_id].sort_values("trade_date")
ratio = z["trade_date"].map(splits).fillna(1.0)
frames = [
    pd.DataFrame(
        {
            "source": "ZVLT",
            "trade_date": z["trade_date"].to_numpy(),
            "log_return": np.log(z["close"] * ratio / z["close"].shift(1)).to_numpy(),
        }
    )
]
for code, g in real_index_daily.sort_values("trade_date").groupby("index_code"):
    frames.append(
        pd.DataFrame(
            {
                "source": code,
                "trade_date": g["trade_date"].to_numpy(),
                "log_return": np.log(g["close"] / g["close"].shift(1)).to_numpy(),
            }
        )
    )

rows = []
for f in frames:
    f = f.reset_index(drop=True)
    f["session_no"] = np.arange(1, len(f) + 1)
    prior = f["log_return"].shift(1).rolling(20, min_periods=20)
    f["prior_vol_20"] = prior.std() * np.sqrt(252)
    worst = f.dropna(subset=["log_return"]).sort_values(["log_return", "trade_date"]).head(10).copy()
    worst["worst_rank"] = np.arange(1, len(worst) + 1)
    worst = worst.sort_values("trade_date")
    worst["gap_sessions"] = worst["session_no"].diff().astype("Int64")
    rows.append(worst)
result = pd.concat(rows)[["source", "worst_rank", "trade_date", "log_return", "gap_sessions", "prior_vol_20"]]
