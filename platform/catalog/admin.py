from django.contrib import admin

from catalog.models import Dataset, Problem


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "synced_at")


@admin.register(Problem)
class ProblemAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "dataset", "difficulty", "is_published", "version")
    list_filter = ("dataset", "difficulty", "is_published")
    search_fields = ("title", "statement_md")
