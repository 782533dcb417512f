-- expect: REJECTED
-- layer1: stops
-- Session state: a variable the next query on the connection could read.
SET VARIABLE leaked = 'previous learner'
