"""Regrading a problem for a cohort: one background job, one task per submission, progress counted
exactly once per submission even when a task is delivered twice."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from catalog.data import process_grader
from submissions.grading import build_job
from submissions.models import Submission
from teaching.models import Assignment, RegradeJob


def submissions_to_regrade(assignment: Assignment, problem_id: int) -> list[int]:
    """Every graded submission of the cohort's learners to the problem since the assignment opened."""
    return list(
        Submission.objects.filter(problem_id=problem_id, learner__in=assignment.cohort.members.all(),
                                  status=Submission.Status.DONE, created_at__gte=assignment.opens_at)
        .order_by("id").values_list("id", flat=True)
    )


def start(assignment: Assignment, problem_id: int, requested_by) -> RegradeJob:
    """Store the job, then queue one task per submission once the job row is committed."""
    from teaching import tasks

    ids = submissions_to_regrade(assignment, problem_id)
    job = RegradeJob.objects.create(assignment=assignment, problem_id=problem_id, requested_by=requested_by,
                                    total=len(ids), status=RegradeJob.Status.DONE if not ids else "QUEUED",
                                    finished_at=timezone.now() if not ids else None)
    transaction.on_commit(lambda: [tasks.regrade_submission.delay(job.pk, sid) for sid in ids])
    return job


def regrade_one(job_id: int, submission_id: int) -> bool:
    """Grade the submission again and write the new verdict; False if this job already did it."""
    submission = Submission.objects.select_related("problem").get(pk=submission_id)
    if submission.last_regrade_job == job_id:
        return False
    result = process_grader().grade(build_job(submission))
    with transaction.atomic():
        written = (
            Submission.objects.filter(pk=submission_id, status=Submission.Status.DONE)
            .exclude(last_regrade_job=job_id)
            .update(
                previous_verdict=F("verdict"), verdict=result.verdict.value, message=result.message,
                diff=result.diff, elapsed_ms=result.elapsed_ms, timings=result.timings,
                problem_version=result.provenance.get("problem_version", ""),
                dataset_hashes=result.provenance.get("datasets", {}),
                grader_version=result.provenance.get("grader_version", ""),
                regraded_at=timezone.now(), last_regrade_job=job_id,
            )
        )
        if written:
            changed = int(submission.verdict != result.verdict.value)
            RegradeJob.objects.filter(pk=job_id).update(done=F("done") + 1, changed=F("changed") + changed,
                                                        status=RegradeJob.Status.RUNNING)
            RegradeJob.objects.filter(pk=job_id, done__gte=F("total")).update(
                status=RegradeJob.Status.DONE, finished_at=timezone.now())
    return bool(written)
