"""Adding learners to a cohort by e-mail: existing accounts join; unknown addresses get a learner
account without a password (they set one through the password-reset e-mail), so no one is left out."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from accounts.models import User
from teaching.models import Cohort, Membership


@dataclass
class RosterReport:
    added: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)


@transaction.atomic
def add_members(cohort: Cohort, addresses: list[str]) -> RosterReport:
    report = RosterReport()
    existing = {u.email.lower(): u for u in User.objects.filter(email__in=addresses)}
    members = set(cohort.members.values_list("pk", flat=True))
    for address in addresses:
        user = existing.get(address)
        if user is None:
            user = User(username=_free_username(address.split("@")[0]), email=address, role=User.Role.LEARNER)
            user.set_unusable_password()
            user.save()
            report.created.append(address)
        if user.pk in members:
            report.already.append(address)
            continue
        Membership.objects.create(cohort=cohort, learner=user)
        members.add(user.pk)
        report.added.append(address)
    return report


def join(cohort: Cohort, user) -> bool:
    """The learner joins with the cohort's code; False if they already belong."""
    _, created = Membership.objects.get_or_create(cohort=cohort, learner=user)
    return created


def _free_username(base: str) -> str:
    base = "".join(ch for ch in base if ch.isalnum() or ch in "._-")[:140] or "learner"
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}{n}"
    return name
