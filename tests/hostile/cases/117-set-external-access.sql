-- expect: REJECTED
-- layer1: stops
-- Turn external access back on.
SET enable_external_access = true
