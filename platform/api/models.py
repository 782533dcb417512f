from django.conf import settings
from django.db import models
from django.utils import timezone


class AccessToken(models.Model):
    """A personal access token: a secret shown once, stored only as its SHA-256 (the secret has 256 bits
    of randomness, so a fast hash is enough; nobody can guess one to match a stolen digest). Scoped
    (read, submit, teach), expiring, revocable. The role still decides: a `teach` token of a learner
    opens nothing an instructor's would."""

    class Scope(models.TextChoices):
        READ = "read", "Read problems, datasets and your own work"
        SUBMIT = "submit", "Run and submit code"
        TEACH = "teach", "Problem sets, cohorts, gradebooks, regrades (instructors)"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)  # the token's first characters, to tell tokens apart on the page
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name} ({self.user_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
