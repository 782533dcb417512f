def levenshtein(a, b):
    """Fewest single-character insertions, deletions and substitutions turning a into b."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


stocks = sorted(securities.loc[securities["asset_class"] == "EQ", "ticker"])
heads = news[["news_id", "headline", "tickers_mentioned"]].copy()
heads["written"] = heads["headline"].str.extract(r"^(?:Buyers pile into |Selling hits )?([^ ,]+)", expand=False)
heads = heads[~heads["written"].isin(stocks)]

rows = []
for news_id, written, mentioned in zip(heads["news_id"], heads["written"], heads["tickers_mentioned"], strict=True):
    cleaned = written.upper().replace("$", "")
    # min over (distance, ticker): the nearest ticker, alphabetically first on a tie
    distance, ticker = min((levenshtein(cleaned, t), t) for t in stocks)
    rows.append({
        "news_id": news_id,
        "written": written,
        "matched_ticker": ticker,
        "distance": distance,
        "correct": ticker == mentioned,
    })
result = pd.DataFrame(rows).sort_values("news_id", ignore_index=True)
