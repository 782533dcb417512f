"""The API object: /api/v1/, its OpenAPI schema at /api/v1/openapi.json and interactive docs at /api/v1/docs."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from api import learning, manage, teaching

api = NinjaAPI(
    title="Unwind API",
    version="1",
    description="Problems, datasets, Run and submit, your submissions and progress; for instructors, sets, "
                "cohorts, gradebooks and regrades. Authenticate with a personal access token "
                "(`Authorization: Bearer unw_…`, made at /account/tokens/) or a logged-in session.",
    urls_namespace="api",
)
api.add_router("/", learning.router)
api.add_router("/teach", teaching.router)
api.add_router("/admin", manage.router)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": "Authentication required: a valid, unexpired, unrevoked "
                                                   "token or a logged-in session."}, status=401)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Forbidden."}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)
