-- expect: ERROR
-- A table function reading the secret (a SELECT: the policy lets it through, the settings stop it).
SELECT * FROM read_csv('/tmp/unwind-canary/secret.txt', header = false)
