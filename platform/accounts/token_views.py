"""The account's personal access tokens page: create one (its secret shown once), see and revoke them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from api import tokens
from api.models import AccessToken


@login_required
def token_list(request):
    created = None
    if request.method == "POST":
        try:
            _, created = tokens.create(request.user, request.POST.get("name", ""),
                                           request.POST.getlist("scopes"), int(request.POST.get("days", "0") or 0))
        except ValueError as exc:
            messages.error(request, str(exc))
            return redirect("account_tokens")
    scopes = [(value, label) for value, label in AccessToken.Scope.choices if value in tokens.scopes_for(request.user)]
    return render(request, "accounts/tokens.html", {
        "tokens": request.user.access_tokens.all(), "created": created, "scopes": scopes,
        "expiry_days": tokens.EXPIRY_DAYS,
    })


@login_required
@require_POST
def token_revoke(request, pk: int):
    if tokens.revoke(request.user, pk):
        messages.success(request, "The token is revoked; anything using it is now refused.")
    return redirect("account_tokens")
