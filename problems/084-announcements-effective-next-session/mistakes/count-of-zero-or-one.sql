-- COUNT of a CASE that returns 0 or 1: COUNT counts every non-NULL value, the zeros too.
SELECT agency,
       event_type,
       count(*) AS n_announcements,
       count(CASE WHEN effective > announced THEN 1 ELSE 0 END) AS n_next_session,
       count(CASE WHEN effective > announced THEN 1 ELSE 0 END) / count(*) AS share_next_session
FROM reg_events
GROUP BY agency, event_type
ORDER BY agency, event_type;
