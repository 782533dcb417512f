import pandas as pd

SHOCKS = [0.0, -0.2, -0.4]
HORIZON = 120

last = company_daily["date"].max()
cash0 = float(company_daily.loc[company_daily["date"] == last, "cash_usd"].iloc[0])
fix = float(btc_fix_daily.loc[btc_fix_daily["date"] == last, "price_usd"].iloc[0])
policy = dict(zip(company_policy["name"], company_policy["value"], strict=True))
cap_btc, step, max_rate = policy["btc_sale_cap"], policy["pref_step_bp"] / 1e4, policy["pref_max_rate"]
held = instrument_daily[instrument_daily["date"] == last].merge(
    instruments[["security_id", "par", "pay_per_year", "rate_reset"]], on="security_id")
held = held[held["pay_per_year"] > 0]
start = pd.Timestamp(last).to_period("M")


def obligation(k: int) -> float:
    """Dividends and coupons due in the k-th month after the last date's month."""
    month = (start + k).month
    total = 0.0
    for r in held.itertuples():
        if month % (12 // r.pay_per_year):
            continue
        rate = r.rate
        total += round(round(r.par * rate / r.pay_per_year, 6) * r.units_out, 2)
    return total


rows = []
for shock in SHOCKS:
    price = round(fix * (1 + shock), 2)
    cash, sold, months = cash0, 0.0, 0
    for k in range(1, HORIZON + 1):
        due = obligation(k)
        btc = min(cap_btc, due / price)
        cash = cash - due + btc * price
        if cash < 0:
            break
        sold += btc
        months = k
    rows.append((shock, price, months, round(sold, 4)))
result = pd.DataFrame(rows, columns=["shock", "btc_price", "runway_months", "btc_sold"])
result["runway_months"] = result["runway_months"].astype("int64")
