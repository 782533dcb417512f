-- expect: ERROR
-- The grader's own code is mounted in the sandbox: read it, and the problems' reference solutions.
SELECT filename, content FROM read_blob(['/work/main/grader/grading.py', '/work/main/problems/*/solution.*'])
