-- expect: ERROR
-- The same as a replacement scan of a URL, and the cloud metadata service.
SELECT * FROM 'http://169.254.169.254/latest/meta-data/x.csv'
