-- expect: ERROR
-- List the files around: the canary folder, the grader's code.
SELECT file FROM glob('/tmp/unwind-canary/*') UNION ALL SELECT file FROM glob('/work/**/*.py')
