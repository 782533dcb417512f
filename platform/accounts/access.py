"""Pages for site admins only (datasets, users, grading health): everyone else gets 403 after the login check."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def admin_required(view):
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_site_admin:
            raise PermissionDenied("Only admins can open this page.")
        return view(request, *args, **kwargs)

    return wrapped
