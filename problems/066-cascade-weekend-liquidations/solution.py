import pandas as pd

liq = liquidations_1h
weekend = liq[(liq["ts_utc"] >= pd.Timestamp("2037-06-19")) & (liq["ts_utc"] < pd.Timestamp("2037-06-22"))]
sides = weekend.pivot_table(index="venue", columns="side", values="usd", aggfunc="sum").dropna()
result = pd.DataFrame({
    "venue": sides.index,
    "long_usd": sides["LONG"].to_numpy(),
    "short_usd": sides["SHORT"].to_numpy(),
    "long_short_ratio": (sides["LONG"] / sides["SHORT"]).to_numpy(),
}).sort_values("venue", ignore_index=True)
