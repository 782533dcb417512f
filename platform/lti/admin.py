"""Admins register platforms here; links, people and outcomes are listed for support."""

import json

from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

from lti import keys
from lti.models import LtiOutcome, LtiPlatform, LtiResourceLink, LtiUser


@admin.register(LtiPlatform)
class LtiPlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "issuer", "client_id", "is_active", "created_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # platforms' URLs are https
    readonly_fields = ["tool_urls", "tool_public_key", "tool_public_jwk"]
    fieldsets = [
        (None, {"fields": ["name", "is_active"]}),
        ("From the platform", {"fields": ["issuer", "client_id", "deployment_ids", "auth_login_url",
                                          "auth_token_url", "auth_audience", "key_set_url", "key_set"]}),
        ("For the platform (paste these into its tool registration)",
         {"fields": ["tool_urls", "tool_public_key", "tool_public_jwk"]}),
    ]

    @admin.display(description="Tool URLs")
    def tool_urls(self, obj):
        return format_html("On this site's address (https://your-unwind-host):<br>Login initiation URL: <code>{}</code>"
                           "<br>Redirect / launch URL: <code>{}</code><br>Public keyset (JWKS) URL: <code>{}</code>",
                           reverse("lti:login"), reverse("lti:launch"), reverse("lti:jwks"))

    @admin.display(description="Tool public key (JWK)")
    def tool_public_jwk(self, obj):
        if not obj.tool_public_key:
            return "Generated when the platform is saved."
        return format_html("<pre>{}</pre>", json.dumps(keys.public_jwk(obj.tool_public_key), indent=2))


@admin.register(LtiResourceLink)
class LtiResourceLinkAdmin(admin.ModelAdmin):
    list_display = ["__str__", "platform", "assignment", "created_at"]
    list_select_related = ["platform", "assignment__problem_set", "assignment__cohort"]
    readonly_fields = ["platform", "resource_link_id", "context_id", "ags"]


@admin.register(LtiUser)
class LtiUserAdmin(admin.ModelAdmin):
    list_display = ["user", "platform", "sub", "created_at"]
    list_select_related = ["user", "platform"]
    search_fields = ["user__username", "user__email", "sub"]


@admin.register(LtiOutcome)
class LtiOutcomeAdmin(admin.ModelAdmin):
    list_display = ["lti_user", "link", "score_given", "score_maximum", "sent_at", "last_error"]
    list_select_related = ["lti_user__user", "lti_user__platform", "link__platform"]
