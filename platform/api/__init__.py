"""The REST API (/api/v1/, django-ninja) and the personal access tokens it authenticates with."""
