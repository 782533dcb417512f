WITH fund AS (
    SELECT fund_id FROM fund_launches WHERE fund_type = 'THEMATIC'
),
daily AS (
    SELECT h.date,
           sum(h.value_usd) / sum(sum(h.value_usd)) OVER (PARTITION BY h.date) AS private_weight
    FROM thematic_holdings AS h
    JOIN fund USING (fund_id)
    WHERE h.is_private
    GROUP BY h.date
),
flagged AS (
    SELECT date, private_weight,
           private_weight <= first_value(private_weight) OVER (ORDER BY date) / 2 AS halved
    FROM daily
)
SELECT date,
       private_weight,
       coalesce(date = (SELECT min(date) FROM flagged WHERE halved), FALSE) AS first_halved
FROM flagged;
