SELECT date,
       unsettled_bal,
       forced_liq,
       forced_liq / unsettled_bal AS forced_liq_ratio
FROM kr_credit_daily
ORDER BY forced_liq_ratio DESC, date
LIMIT 10;
