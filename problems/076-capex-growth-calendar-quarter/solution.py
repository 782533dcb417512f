year_ago = fundamentals_q[["issuer_id", "fiscal_year", "fiscal_quarter", "capex"]].rename(
    columns={"capex": "capex_year_ago"}
)
year_ago["fiscal_year"] = year_ago["fiscal_year"] + 1  # the row a year ago, keyed by the year it is compared in
q = fundamentals_q.merge(year_ago, on=["issuer_id", "fiscal_year", "fiscal_quarter"])
q = q.merge(credit_issuers[["issuer_id", "issuer_name"]], on="issuer_id")
ends = pd.to_datetime(q["period_end"])
q["cal_year"] = ends.dt.year
q["cal_quarter"] = ends.dt.quarter
q["capex_yoy"] = q["capex"] / q["capex_year_ago"] - 1
result = q.sort_values(["cal_year", "cal_quarter", "issuer_id"], ignore_index=True)[
    ["issuer_id", "issuer_name", "fiscal_year", "fiscal_quarter", "period_end",
     "cal_year", "cal_quarter", "capex", "capex_year_ago", "capex_yoy"]
]
