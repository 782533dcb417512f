-- expect: ERROR
-- A quoted path in FROM is read as a file (a replacement scan), with no function named at all.
SELECT * FROM '/tmp/unwind-canary/secret.txt'
