"""From a validated launch to Unwind's records: the person's account, the resource link, the outcome.

Accounts are matched by (platform, sub) only, never by e-mail: a platform asserting an address must not
take over an Unwind account someone else made with it.
"""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction

from accounts.models import User
from lti.models import LtiOutcome, LtiPlatform, LtiResourceLink, LtiUser
from teaching import roster

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"


def user_for_launch(platform: LtiPlatform, claims: dict, teaches: bool) -> User:
    """The account of the launch's `sub`, made on first launch from the name and e-mail claims.

    A first launch as the course's instructor makes an instructor account; a role is never changed later
    by a launch (an admin does that).
    """
    sub = claims["sub"]
    known = LtiUser.objects.select_related("user").filter(platform=platform, sub=sub).first()
    if known is not None:
        return known.user
    try:
        with transaction.atomic():
            user = User(username=_username(platform, claims), email=(claims.get("email") or "")[:254],
                        first_name=(claims.get("given_name") or "")[:150],
                        last_name=(claims.get("family_name") or "")[:150],
                        role=User.Role.INSTRUCTOR if teaches else User.Role.LEARNER)
            user.set_unusable_password()  # they sign in through the LMS (or set one by password reset)
            user.save()
            LtiUser.objects.create(platform=platform, sub=sub, user=user)
            return user
    except IntegrityError:  # the same person's two launches at once: the other one made the account
        known = LtiUser.objects.select_related("user").filter(platform=platform, sub=sub).first()
        if known is None:
            raise
        return known.user


def _username(platform: LtiPlatform, claims: dict) -> str:
    """A readable, unique username: the e-mail's local part (or the name) and a digest of (iss, sub)."""
    base = ((claims.get("email") or "").split("@")[0] or claims.get("name") or "learner").lower()
    base = "".join(ch for ch in base.replace(" ", ".") if ch.isalnum() or ch in "._-")[:120] or "learner"
    digest = hashlib.sha256(f"{platform.issuer}\n{claims['sub']}".encode()).hexdigest()[:6]
    name, n = f"{base}-{digest}", 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}-{digest}-{n}"
    return name


def link_for_launch(platform: LtiPlatform, claims: dict) -> LtiResourceLink:
    """The resource link, created on its first launch; its titles and AGS endpoints follow the latest launch."""
    resource = claims.get(LTI + "resource_link") or {}
    context = claims.get(LTI + "context") or {}
    values = {"title": (resource.get("title") or "")[:255], "context_id": (context.get("id") or "")[:255],
              "context_title": (context.get("title") or context.get("label") or "")[:255]}
    if claims.get(AGS_CLAIM):
        values["ags"] = claims[AGS_CLAIM]
    link, _ = LtiResourceLink.objects.update_or_create(platform=platform, resource_link_id=resource["id"],
                                                       defaults=values)
    return link


def enrol(link: LtiResourceLink, platform: LtiPlatform, user: User, sub: str) -> LtiOutcome:
    """A learner launched a mapped link: they join its cohort (so the gradebook shows them) and their
    score for the assignment goes back through this link."""
    roster.join(link.assignment.cohort, user)
    lti_user = LtiUser.objects.get(platform=platform, sub=sub)
    outcome, _ = LtiOutcome.objects.get_or_create(link=link, lti_user=lti_user)
    return outcome
