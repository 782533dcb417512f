WITH fund AS (
    SELECT fund_id FROM fund_launches WHERE fund_type = 'THEMATIC'
),
daily AS (
    SELECT h.date,
           coalesce(sum(h.weight) FILTER (WHERE h.holding_id BETWEEN 8101 AND 8199), 0) AS private_weight
    FROM thematic_holdings AS h
    JOIN fund USING (fund_id)
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
