from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User


@admin.register(User)
class UnwindUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Unwind", {"fields": ("role",)}))
    list_display = ("username", "email", "role", "is_active", "date_joined")
    list_filter = ("role", "is_active")
