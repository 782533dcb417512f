SELECT source,
       count(*) AS filings,
       sum(btc_delta) AS btc,
       sum(usd_cost) AS usd,
       sum(usd_cost) / sum(btc_delta) AS usd_per_btc
FROM btc_ledger
GROUP BY source;
