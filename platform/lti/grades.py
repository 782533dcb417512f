"""Grade passback through LTI Assignment and Grade Services (AGS): a learner's points for an assignment,
as the gradebook computes them, posted as a score to the line item of each link they launched it from.

Idempotent: the score last sent is stored per learner and link, and an unchanged score is not sent again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.utils import timezone
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.service_connector import ServiceConnector

from lti import tool
from lti.models import LtiOutcome
from submissions.models import Submission
from teaching import gradebook as gb
from teaching.models import Assignment

log = logging.getLogger(__name__)

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"


@dataclass(frozen=True)
class Score:
    given: float
    maximum: float
    complete: bool


def score_of(learner, assignment: Assignment) -> Score:
    """The learner's points and the maximum, with the late policy applied (teaching.gradebook)."""
    book = gb.gradebook(assignment, learners=[learner])
    row = book.rows[0]
    return Score(float(row.total), float(book.max_points), all(c.verdict == "ACCEPTED" for c in row.cells))


def send_score(learner_id: int, assignment_id: int) -> dict[str, int]:
    """Post the learner's score for the assignment to every link they launched it from; counts by outcome."""
    outcomes = list(LtiOutcome.objects.filter(lti_user__user_id=learner_id, link__assignment_id=assignment_id)
                    .select_related("link__platform", "lti_user__user"))
    counts = {"sent": 0, "unchanged": 0, "no_service": 0}
    if not outcomes:
        return counts
    score = score_of(outcomes[0].lti_user.user, Assignment.objects.select_related("problem_set").get(pk=assignment_id))
    for outcome in outcomes:
        if outcome.sent_at and (outcome.score_given, outcome.score_maximum) == (score.given, score.maximum):
            counts["unchanged"] += 1
        elif SCORE_SCOPE not in (outcome.link.ags or {}).get("scope", []):
            LtiOutcome.objects.filter(pk=outcome.pk).update(
                last_error="The platform granted no score scope for this link (grades are not enabled for it).")
            counts["no_service"] += 1
        else:
            _post(outcome, score, assignment_id)
            counts["sent"] += 1
    return counts


def _post(outcome: LtiOutcome, score: Score, assignment_id: int) -> None:
    """POST the score to the link's line item (or to one Unwind creates, tagged with the assignment)."""
    link, platform = outcome.link, outcome.link.platform
    service = AssignmentsGradesService(ServiceConnector(tool.registration(platform), tool.http_session()),
                                       link.ags)
    grade = (Grade().set_score_given(score.given).set_score_maximum(score.maximum)
             .set_user_id(outcome.lti_user.sub)
             .set_timestamp(timezone.now().isoformat(timespec="milliseconds"))
             .set_activity_progress("Completed" if score.complete else "InProgress")
             .set_grading_progress("FullyGraded"))
    lineitem = None
    if not link.ags.get("lineitem"):  # a link made without a grade column: find or make Unwind's own
        lineitem = (LineItem().set_tag(f"unwind-assignment-{assignment_id}").set_score_maximum(score.maximum)
                    .set_label((link.title or str(link.assignment))[:200]).set_resource_link_id(link.resource_link_id))
    try:
        service.put_grade(grade, lineitem)
    except Exception as exc:
        LtiOutcome.objects.filter(pk=outcome.pk).update(last_error=str(exc)[:2000])
        raise
    LtiOutcome.objects.filter(pk=outcome.pk).update(score_given=score.given, score_maximum=score.maximum,
                                                    sent_at=timezone.now(), last_error="")
    log.info("LTI score %s/%s sent for %s on link %s", score.given, score.maximum, outcome.lti_user, link.pk)


def assignments_to_update(submission_id: int) -> list[tuple[int, int]]:
    """(learner, assignment) pairs whose LTI score a final verdict on this submission may change."""
    row = Submission.objects.filter(pk=submission_id).values("learner_id", "problem_id").first()
    if row is None:
        return []
    assignment_ids = (LtiOutcome.objects
                      .filter(lti_user__user_id=row["learner_id"],
                              link__assignment__problem_set__items__problem_id=row["problem_id"])
                      .values_list("link__assignment_id", flat=True).distinct())
    return [(row["learner_id"], aid) for aid in sorted(set(assignment_ids))]
