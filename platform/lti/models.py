"""What Unwind knows about the LMS platforms that launch it: their registration, the links (placements)
they open, the people they send, whose scores go back where, and the short-lived OIDC state of a launch."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from lti import keys


class LtiPlatform(models.Model):
    """One registration of Unwind in an LMS (an issuer and the client id it gave Unwind), made by an admin.

    The platform's values come from its tool registration page; the tool's key pair is generated here on
    first save and its public half is served at /lti/jwks/ for the platform to verify Unwind's requests.
    """

    name = models.CharField(max_length=200, help_text="For people: e.g. 'Canvas (university.instructure.com)'.")
    issuer = models.CharField(max_length=255, help_text="The platform's issuer (iss), e.g. "
                              "https://canvas.instructure.com or https://moodle.example.org.")
    client_id = models.CharField(max_length=255, help_text="The client id the platform gave Unwind.")
    deployment_ids = models.TextField(blank=True, help_text="The deployment ids allowed to launch, one per line "
                                      "(Canvas: the app's Deployment Id; Moodle: the tool's Deployment ID).")
    auth_login_url = models.URLField(max_length=1024, help_text="The platform's OIDC authentication request URL.")
    auth_token_url = models.URLField(max_length=1024, help_text="The platform's OAuth2 access token URL.")
    auth_audience = models.CharField(max_length=1024, blank=True, help_text="The audience of token requests, if "
                                     "the platform wants one other than the token URL (rare; leave empty).")
    key_set_url = models.URLField(max_length=1024, blank=True, help_text="The platform's public keyset (JWKS) URL.")
    key_set = models.JSONField(null=True, blank=True, help_text="Or the platform's keyset itself, as JSON "
                               "({\"keys\": [...]}), for a platform without a reachable keyset URL.")
    tool_private_key = models.TextField(blank=True, editable=False, help_text="Generated on first save.")
    tool_public_key = models.TextField(blank=True, editable=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "LTI platform"
        constraints = [models.UniqueConstraint(fields=["issuer", "client_id"], name="one_registration_per_client")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.tool_private_key:
            self.tool_private_key = keys.new_private_key_pem()
        self.tool_public_key = keys.public_key_pem(self.tool_private_key)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not self.key_set_url and not self.key_set:
            raise ValidationError("Give the platform's keyset URL (or paste its keyset JSON).")
        if self.key_set is not None and not isinstance((self.key_set or {}).get("keys"), list):
            raise ValidationError({"key_set": 'A keyset is a JSON object with a "keys" list.'})

    @property
    def deployment_id_list(self) -> list[str]:
        return [line.strip() for line in self.deployment_ids.splitlines() if line.strip()]


class LtiResourceLink(models.Model):
    """A placement of Unwind in a course (an LTI resource link), mapped by an instructor to an assignment.

    `ags` keeps the Assignment and Grade Services claim of the latest launch (the line item and the scopes
    granted), which is where the learners' scores are posted.
    """

    platform = models.ForeignKey(LtiPlatform, on_delete=models.CASCADE, related_name="links")
    resource_link_id = models.CharField(max_length=255)
    title = models.CharField(max_length=255, blank=True)
    context_id = models.CharField(max_length=255, blank=True)
    context_title = models.CharField(max_length=255, blank=True)
    assignment = models.ForeignKey("teaching.Assignment", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="lti_links")
    ags = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "LTI resource link"
        constraints = [models.UniqueConstraint(fields=["platform", "resource_link_id"], name="one_link_per_id")]

    def __str__(self) -> str:
        return f"{self.context_title or self.context_id} / {self.title or self.resource_link_id}"


class LtiUser(models.Model):
    """A person of a platform (its `sub`) and the Unwind account they use."""

    platform = models.ForeignKey(LtiPlatform, on_delete=models.CASCADE, related_name="users")
    sub = models.CharField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_identities")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "LTI user"
        constraints = [models.UniqueConstraint(fields=["platform", "sub"], name="one_account_per_sub")]

    def __str__(self) -> str:
        return f"{self.platform} · {self.sub} → {self.user}"


class LtiOutcome(models.Model):
    """A learner came through a resource link, so their score for its assignment goes back to the platform.

    Holds what was last sent, so a passback with an unchanged score is skipped (the task is idempotent).
    """

    link = models.ForeignKey(LtiResourceLink, on_delete=models.CASCADE, related_name="outcomes")
    lti_user = models.ForeignKey(LtiUser, on_delete=models.CASCADE, related_name="outcomes")
    score_given = models.FloatField(null=True, blank=True)
    score_maximum = models.FloatField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "LTI outcome"
        constraints = [models.UniqueConstraint(fields=["link", "lti_user"], name="one_outcome_per_learner")]


class LtiLaunchValue(models.Model):
    """PyLTI1p3's launch storage (nonces, states, launch data, fetched keysets) in the database.

    The launch is a cross-site POST, so the session cookie (SameSite=Lax) does not come with it; and a
    per-process cache would miss when the login and the launch reach different web processes.
    """

    key = models.CharField(max_length=255, unique=True)
    value = models.JSONField(null=True)
    expires_at = models.DateTimeField(db_index=True)
