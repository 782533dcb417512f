"""Who is in a cohort, and by whose act.

Joining is the learner's act: the code or join link (`join`), or accepting an instructor's e-mail
invitation (`invite`, `accept`). Only an admin's roster import (`add_members`) and an LTI launch (which
calls `join` for the person launching) add members directly; the import gives unknown addresses a
learner account without a password (they set one through the password-reset e-mail).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from accounts.models import User
from teaching.models import Cohort, Invitation, Membership


@dataclass
class RosterReport:
    added: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    invited: list[str] = field(default_factory=list)


@transaction.atomic
def invite(cohort: Cohort, addresses: list[str], by) -> RosterReport:
    """An instructor's list of e-mails: each address not yet in the cohort gets an invitation, which the
    person with that address accepts or declines on their Assignments page. No account is made, nobody
    joins, and the instructor sees nothing of anyone's work until they do."""
    report = RosterReport()
    members = {e.lower() for e in cohort.members.values_list("email", flat=True)}
    pending = {e.lower() for e in cohort.invitations.values_list("email", flat=True)}
    for address in addresses:
        if address in members or address in pending:
            report.already.append(address)
            continue
        Invitation.objects.create(cohort=cohort, email=address, invited_by=by)
        pending.add(address)
        report.invited.append(address)
    return report


def invitations_for(user):
    """The invitations addressed to this account's e-mail, for cohorts it is not in yet."""
    if not user.email:
        return Invitation.objects.none()
    return (Invitation.objects.filter(email__iexact=user.email).exclude(cohort__members=user)
            .select_related("cohort", "cohort__owner"))


@transaction.atomic
def accept(invitation: Invitation, user) -> bool:
    """The learner accepts: they join, and the invitation is used up. False if they already belonged."""
    return join(invitation.cohort, user)


@transaction.atomic
def add_members(cohort: Cohort, addresses: list[str]) -> RosterReport:
    """An admin's roster import: existing accounts join, unknown addresses get a learner account."""
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
    """The learner joins (their code, link, accepted invitation, or LTI launch); False if already in."""
    _, created = Membership.objects.get_or_create(cohort=cohort, learner=user)
    if user.email:  # an invitation to this cohort is used up, however they joined
        Invitation.objects.filter(cohort=cohort, email__iexact=user.email).delete()
    return created


def _free_username(base: str) -> str:
    base = "".join(ch for ch in base if ch.isalnum() or ch in "._-")[:140] or "learner"
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}{n}"
    return name
