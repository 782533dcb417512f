bonds = bond_issues.merge(credit_issuers[["issuer_id", "segment"]], on="issuer_id")
issued = pd.to_datetime(bonds["issue_date"])
bonds["issue_year"] = issued.dt.year
bonds["issue_quarter"] = issued.dt.quarter
result = (
    bonds.groupby(["issue_year", "issue_quarter", "segment"], as_index=False)
    .agg(n_bonds=("bond_id", "size"), amount_usd_m=("amount", "sum"))
    .sort_values(["issue_year", "issue_quarter", "segment"], ignore_index=True)
)
