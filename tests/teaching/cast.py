"""Factories for teaching tests: an instructor's set assigned to a cohort, with fixed dates."""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from teaching.models import Assignment, Cohort, Membership, ProblemSet, ProblemSetItem
from tests.factories import make_user


def at(day: int, hour: int = 12) -> dt.datetime:
    """A moment in June 2037 (UTC): the assignment below opens on day 1 and is due on day 10."""
    return dt.datetime(2037, 6, day, hour, tzinfo=dt.UTC)


def assignment_for(learners, problems_with_points, instructor=None, **kw) -> Assignment:
    instructor = instructor or User.objects.filter(username="ines").first() or make_user("ines", User.Role.INSTRUCTOR)
    problem_set = ProblemSet.objects.create(title="Week 1", owner=instructor)
    for position, (problem, points) in enumerate(problems_with_points, start=1):
        ProblemSetItem.objects.create(problem_set=problem_set, problem=problem, points=points, position=position)
    cohort = Cohort.objects.create(name="Risk 101", owner=instructor)
    for learner in learners:
        Membership.objects.create(cohort=cohort, learner=learner)
    return Assignment.objects.create(cohort=cohort, problem_set=problem_set, opens_at=at(1, 0),
                                     due_at=at(10, 23), **kw)
