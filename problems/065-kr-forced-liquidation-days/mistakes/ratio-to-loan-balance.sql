SELECT row_number() OVER (ORDER BY forced_liq / loan_bal DESC, date) AS rank,
       date,
       unsettled_bal,
       forced_liq,
       forced_liq / loan_bal AS forced_liq_ratio
FROM kr_credit_daily
ORDER BY rank
LIMIT 10;
