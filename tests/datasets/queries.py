"""SQL the dataset tests share."""

ADJUSTED_RETURNS = """
und AS (
    SELECT e.security_id, e.trade_date,
           (e.close + coalesce(dv.cash, 0)) * coalesce(sp.ratio, 1)
           / LAG(e.close) OVER (PARTITION BY e.security_id ORDER BY e.trade_date) - 1 AS r
    FROM eq_daily e
    LEFT JOIN corporate_actions sp ON sp.security_id = e.security_id AND sp.ex_date = e.trade_date
         AND sp.action_type IN ('SPLIT', 'RSPLIT')
    LEFT JOIN corporate_actions dv ON dv.security_id = e.security_id AND dv.ex_date = e.trade_date
         AND dv.action_type = 'DIV')
"""
"""A CTE `und(security_id, trade_date, r)`: each stock's split- and dividend-adjusted close-to-close return
from D02's stored closes (what leveraged and new funds reset on)."""
