"""Admins manage users: find them, change their role, deactivate or reactivate them; and the page a
throttled log-in gets."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.access import admin_required
from accounts.models import User

PAGE = 100


@admin_required
def user_list(request):
    q = request.GET.get("q", "").strip()
    users = User.objects.annotate(submission_count=Count("submissions")).order_by("username")
    if q:
        users = users.filter(Q(username__icontains=q) | Q(email__icontains=q) | Q(last_name__icontains=q))
    role = request.GET.get("role", "")
    if role in User.Role.values:
        users = users.filter(role=role)
    return render(request, "accounts/user_list.html", {
        "users": users[:PAGE], "q": q, "role": role, "roles": User.Role.choices, "total": users.count(),
    })


@admin_required
@require_POST
def user_update(request, pk: int):
    user = get_object_or_404(User, pk=pk)
    if user.pk == request.user.pk:
        messages.error(request, "You cannot change your own role or deactivate yourself: ask another admin.")
        return redirect("accounts:user_list")
    role = request.POST.get("role")
    if role in User.Role.values:
        user.role = role
        user.is_staff = role == User.Role.ADMIN  # admins also reach the Django admin
    if "is_active" in request.POST:
        user.is_active = request.POST["is_active"] == "1"
    user.save(update_fields=["role", "is_staff", "is_active"])
    state = "active" if user.is_active else "inactive"
    messages.success(request, f"{user.username}: {user.get_role_display()}, {state}.")
    return redirect("accounts:user_list")


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes answers a throttled log-in with (AXES_LOCKOUT_CALLABLE): 429, and how long to wait."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)
