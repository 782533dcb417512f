from django.contrib import admin

from submissions.models import Submission


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("id", "learner", "problem", "language", "status", "verdict", "attempt", "created_at")
    list_filter = ("status", "verdict", "language")
    readonly_fields = [f.name for f in Submission._meta.fields]
