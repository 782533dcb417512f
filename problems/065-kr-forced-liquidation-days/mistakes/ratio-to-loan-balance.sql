SELECT date,
       unsettled_bal,
       forced_liq,
       forced_liq / loan_bal AS forced_liq_ratio
FROM kr_credit_daily
ORDER BY forced_liq_ratio DESC, date
LIMIT 10;
