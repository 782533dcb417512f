-- expect: REJECTED
-- layer1: stops
-- Change the data.
DELETE FROM eq_daily
