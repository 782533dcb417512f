"""What an instructor teaches with: problem sets, cohorts of learners, assignments with due dates,
and regrade jobs run in the background."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models, transaction

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))


class ProblemSet(models.Model):
    """An ordered list of catalogue problems with points, owned by the instructor who made it."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="problem_sets")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def total_points(self) -> int:
        return sum(item.points for item in self.items.all())

    def add(self, problem, points: int) -> ProblemSetItem:
        """Append `problem` at the end; IntegrityError if it is already in the set."""
        position = (self.items.aggregate(m=models.Max("position"))["m"] or 0) + 1
        with transaction.atomic():
            return ProblemSetItem.objects.create(problem_set=self, position=position, problem=problem, points=points)


class ProblemSetItem(models.Model):
    problem_set = models.ForeignKey(ProblemSet, on_delete=models.CASCADE, related_name="items")
    problem = models.ForeignKey("catalog.Problem", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    points = models.PositiveSmallIntegerField(default=10)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["problem_set", "problem"], name="one_problem_once_per_set")]


class Cohort(models.Model):
    """A group of learners an instructor teaches. Joining is the learner's act: they enter its code, open
    its join link, or accept an e-mail invitation; an admin's roster import and an LTI launch add members
    directly. The instructor can replace the code (the old one then joins nobody)."""

    name = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohorts")
    join_code = models.CharField(max_length=8, unique=True, default=new_join_code)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    def new_code(self) -> str:
        """Replace the join code with a fresh one (a leaked code or link stops working)."""
        while True:
            code = new_join_code()
            if not Cohort.objects.filter(join_code=code).exists():
                break
        self.join_code = code
        self.save(update_fields=["join_code"])
        return code


class Membership(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE)
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cohort", "learner"], name="one_membership")]


class Invitation(models.Model):
    """An instructor asked the person with this e-mail to join; nothing is shared until they accept."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["cohort", "email"], name="one_invitation_per_address")]


class Assignment(models.Model):
    """A problem set given to a cohort, open from `opens_at`, due at `due_at`."""

    class LatePolicy(models.TextChoices):
        ACCEPT = "accept", "Late answers count in full (flagged late)"
        PENALTY = "penalty", "Late answers lose a percentage of the points"
        REFUSE = "refuse", "Late answers score nothing"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="assignments")
    problem_set = models.ForeignKey(ProblemSet, on_delete=models.PROTECT, related_name="assignments")
    opens_at = models.DateTimeField()
    due_at = models.DateTimeField()
    late_policy = models.CharField(max_length=8, choices=LatePolicy.choices, default=LatePolicy.ACCEPT)
    late_penalty_pct = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]

    def __str__(self) -> str:
        return f"{self.problem_set} → {self.cohort}"

    def points_for(self, points: int, late: bool) -> float:
        """Points an accepted answer earns under the late policy."""
        if not late or self.late_policy == self.LatePolicy.ACCEPT:
            return float(points)
        if self.late_policy == self.LatePolicy.PENALTY:
            return points * max(0, 100 - self.late_penalty_pct) / 100
        return 0.0


class RegradeJob(models.Model):
    """Regrading one problem's submissions for a whole cohort, in the background, with progress."""

    class Status(models.TextChoices):
        QUEUED = "QUEUED"
        RUNNING = "RUNNING"
        DONE = "DONE"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="regrades")
    problem = models.ForeignKey("catalog.Problem", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)
