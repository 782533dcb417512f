from django.db import models


class Dataset(models.Model):
    """A built dataset as the site knows it: its dictionary and the hash of each variant it grades on."""

    id = models.CharField(primary_key=True, max_length=8)  # "D02"
    title = models.CharField(max_length=200)
    story = models.TextField(blank=True)
    depends_on = models.JSONField(default=list)
    # [{"name", "description", "columns": [{"name", "type", "unit", "meaning"}], "rows"}]
    tables = models.JSONField(default=list)
    # {"0": "<sha256>", "1": ..., "2": ...}: what a verdict records it was graded against
    variant_hashes = models.JSONField(default=dict)
    is_real = models.BooleanField(default=False)
    # Key series drawn on the dataset's page: [{"title", "sql", "caption", "y_label"}]
    charts = models.JSONField(default=list, blank=True)
    synced_at = models.DateTimeField(auto_now=True)
    # Built-in datasets come from the generators (datasets/); uploads from an admin's CSV or Parquet file,
    # with only a visible variant, stored at DATA_DIR/<upload_path> (one folder per version).
    source = models.CharField(max_length=8, choices=[("builtin", "Built-in"), ("upload", "Upload")],
                              default="builtin")
    upload_version = models.PositiveIntegerField(default=0)
    upload_path = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.id} {self.title}"

    @property
    def total_rows(self) -> int:
        return sum(t.get("rows") or 0 for t in self.tables)

    @property
    def version_hash(self) -> str:
        return self.variant_hashes.get("0", "")


FILE_PROBLEM_IDS_END = 1000
"""Problems from folders under problems/ have ids below this; problems written in the web UI above it."""


class Problem(models.Model):
    """A problem, synced from its folder under problems/ (the design's number is its id)."""

    class Difficulty(models.TextChoices):
        EASY = "easy", "Easy"
        MEDIUM = "medium", "Medium"
        HARD = "hard", "Hard"

    id = models.PositiveIntegerField(primary_key=True)
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="problems")
    difficulty = models.CharField(max_length=8, choices=Difficulty.choices)
    topics = models.JSONField(default=list)
    statement_md = models.TextField()
    statement_html = models.TextField()
    solution_sql = models.TextField(blank=True)
    solution_py = models.TextField(blank=True)
    grading = models.JSONField(default=dict)
    hints = models.JSONField(default=list)
    why_it_matters = models.TextField(blank=True)
    # Wrong solutions learners commonly write: [{"name", "language", "code", "message"}].
    mistakes = models.JSONField(default=list, blank=True)
    explanation_html = models.TextField(blank=True)
    reveal_after = models.PositiveSmallIntegerField(default=10)
    version = models.CharField(max_length=32)
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.id}. {self.title}"

    @property
    def languages(self) -> list[str]:
        return [lang for lang, code in (("sql", self.solution_sql), ("python", self.solution_py)) if code]

    @property
    def reference_language(self) -> str:
        return "sql" if self.solution_sql else "python"

    @property
    def reference(self) -> str:
        return self.solution_sql or self.solution_py


class LearningPath(models.Model):
    """An ordered route through problems ("the sell-off day by day"), synced from problems/paths.toml."""

    slug = models.SlugField(primary_key=True, max_length=60)
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    problem_ids = models.JSONField(default=list)

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.title
