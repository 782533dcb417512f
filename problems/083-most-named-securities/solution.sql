-- Announcements naming each security, per announcement type, with the security's real ticker.
SELECT e.event_type,
       s.ticker,
       count(*) AS n_announcements
FROM event_securities AS es
JOIN reg_events AS e USING (event_id)
JOIN securities AS s USING (security_id)
GROUP BY e.event_type, s.ticker
ORDER BY n_announcements DESC, e.event_type, s.ticker;
