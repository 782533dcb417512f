-- Counted by the ticker as written in the text, so each misspelling is a security of its own.
SELECT e.event_type,
       es.ticker_in_text AS ticker,
       count(*) AS n_announcements
FROM event_securities AS es
JOIN reg_events AS e USING (event_id)
GROUP BY e.event_type, es.ticker_in_text
ORDER BY n_announcements DESC, e.event_type, ticker;
