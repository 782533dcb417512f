SELECT row_number() OVER (ORDER BY forced_liq / unsettled_bal DESC, date) AS rank,
       date,
       unsettled_bal,
       forced_liq,
       forced_liq / unsettled_bal AS forced_liq_ratio
FROM kr_credit_daily
ORDER BY rank
LIMIT 10;
