-- expect: REJECTED
-- layer1: stops
-- CALL a pragma function.
CALL pragma_database_size()
