-- Announcements per agency and type, and how many took effect on a later date than announced.
SELECT agency,
       event_type,
       count(*) AS n_announcements,
       count(*) FILTER (WHERE effective > announced) AS n_next_session,
       count(*) FILTER (WHERE effective > announced) / count(*) AS share_next_session
FROM reg_events
GROUP BY agency, event_type
ORDER BY agency, event_type;
