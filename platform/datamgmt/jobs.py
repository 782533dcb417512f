"""Dataset jobs: rebuild a built-in dataset without touching the live files half-way, sync the catalogue,
and re-validate the problems on what changed (problems.validate), recording progress on the job's row.

A rebuild runs `python -m datasets build --out <staging>` in a child process (a clean process that gives its
memory back when done; the build's own process pool never forks the Celery worker) into DATA_DIR/.staging/,
counting the files it finishes for the progress bar. Only when it succeeded are the files moved into place,
one atomic rename each, and the profile's manifest rewritten (atomically) last: a grader never opens a
half-written file, and until the manifest changes it grades with the old hashes.

A rebuild also builds every dataset built on the one asked for (their files copy its tables). Web and worker
processes keep reading the files they already opened until they restart: the generators are deterministic, so
a rebuild that changes any byte comes with a code change, that is a deploy, which restarts them.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

import datasets
import grader
from catalog.data import DataNotBuilt, dataset_variants
from catalog.models import Problem
from datamgmt.models import DatasetJob
from datasets.build import variant_dir
from datasets.registry import DATASETS, all_dependencies, with_dependencies
from problems.validate import check_problem, release_sql

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 2
POLL_S = 0.5
HEARTBEAT_S = 5
# Progress bands: building, moving into place and syncing, re-validating problems.
BUILD_END, SYNC_END = 80, 85
Status = DatasetJob.Status


def queue(kind: str, dataset_id: str, profile: str, user=None) -> DatasetJob:
    """Store a job and queue it once the row is committed (a task never sees an uncommitted row)."""
    from datamgmt.tasks import run_dataset_job

    job = DatasetJob.objects.create(kind=kind, dataset_id=dataset_id, profile=profile, created_by=user,
                                    message="Waiting for a worker.")
    transaction.on_commit(lambda: run_dataset_job.delay(job.pk))
    return job


def update(job: DatasetJob, progress: int | None = None, message: str | None = None, **fields) -> None:
    if progress is not None:
        job.progress = max(0, min(100, int(progress)))
        fields["progress"] = job.progress
    if message is not None:
        job.message = fields["message"] = message[:500]
    for name, value in fields.items():
        setattr(job, name, value)
    DatasetJob.objects.filter(pk=job.pk).update(**fields)


def alive_since(now: datetime | None = None) -> datetime:
    """An attempt whose heartbeat is older than this has stopped (its worker died, or it never beat)."""
    return (now or timezone.now()) - timedelta(seconds=settings.DATASET_JOB_HEARTBEAT_STALE_S)


@contextmanager
def heartbeat(job: DatasetJob) -> Iterator[None]:
    """Beat on the job's row every HEARTBEAT_S while the block runs, from a thread of its own: a build can
    spend minutes in one step without writing anything else."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(HEARTBEAT_S):
                DatasetJob.objects.filter(pk=job.pk, attempt=job.attempt).update(heartbeat_at=timezone.now())
        except Exception:  # a missed beat only makes the attempt look stale sooner
            log.exception("dataset job %s: heartbeat stopped", job.pk)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"dataset-job-{job.pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=HEARTBEAT_S)  # a beat stuck on a lock must not hold the job's end


def active_job() -> DatasetJob | None:
    """The job a new rebuild must wait for (two builds at once would race on the manifest): one running
    with a live heartbeat, or one waiting for a worker less than the queue deadline (a longer wait is a lost
    message: the sweeper sends it again, and it should not block an admin for ever)."""
    waiting_since = timezone.now() - timedelta(seconds=settings.DATASET_QUEUE_DEADLINE_S)
    return DatasetJob.objects.filter(
        Q(status=Status.QUEUED, created_at__gte=waiting_since)
        | Q(status=Status.RUNNING, heartbeat_at__gte=alive_since())
    ).first()


def claim(job_id: int) -> DatasetJob | None:
    """Move the job to RUNNING; None when it is final already, or when a live attempt still owns it (a
    duplicate message, e.g. one the sweeper sent, must not build twice at once)."""
    with transaction.atomic():
        job = DatasetJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.is_final:
            return None
        if job.status == Status.RUNNING and job.heartbeat_at and job.heartbeat_at >= alive_since():
            log.warning("dataset job %s: attempt %s still running; duplicate message ignored", job_id, job.attempt)
            return None
        job.attempt += 1
        job.status, job.message = Status.RUNNING, "Starting."
        job.started_at = job.heartbeat_at = timezone.now()
        job.save(update_fields=["attempt", "status", "started_at", "heartbeat_at", "message"])
        return job


def run_job(job_id: int) -> str | None:
    """Run a stored job to DONE or FAILED; never raises (the failure is written on the row)."""
    job = claim(job_id)
    if job is None:
        return None
    if job.attempt > MAX_ATTEMPTS:
        update(job, message=f"Gave up after {job.attempt - 1} attempts (the worker stopped each time).",
               status=Status.FAILED, finished_at=timezone.now())
        return job.status
    try:
        with heartbeat(job):
            if job.kind == DatasetJob.Kind.REBUILD:
                rebuild(job)
            else:
                revalidate(job, [job.dataset_id], 0)
        broken = job.result.get("broken", [])
        update(job, 100, f"{job.result.get('checked', 0)} problem(s) re-validated, {len(broken)} broken.",
               status=Status.DONE, finished_at=timezone.now())
    except Exception as exc:  # the row must end final whatever happened
        log.exception("dataset job %s failed", job_id)
        update(job, message=f"Failed: {exc}", status=Status.FAILED, finished_at=timezone.now())
    return job.status


def rebuilt_with(dataset_id: str) -> list[str]:
    """What a rebuild of `dataset_id` builds, in build order: what it is generated from, itself, and every
    dataset built on it (their files hold copies of its tables, so they would be stale otherwise)."""
    dependents = [did for did in DATASETS if dataset_id in all_dependencies(did)]
    return with_dependencies([dataset_id, *dependents])


def rebuild(job: DatasetJob) -> None:
    """Build what `job.dataset_id` needs and what needs it in a staging folder, move the files into place, sync
    the catalogue and re-validate the problems on every rebuilt dataset."""
    ids = rebuilt_with(job.dataset_id)
    root = Path(settings.DATA_DIR)
    staging = root / ".staging" / f"job-{job.pk}-{job.attempt}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        _build(job, ids, staging)
        update(job, BUILD_END, "Moving the new files into place.")
        publish(staging, root, job.profile, ids)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    job.result = {"built": ids}
    update(job, result=job.result)
    if job.profile != settings.DATA_PROFILE:
        job.result["note"] = f"The site grades on {settings.DATA_PROFILE}: nothing to sync or re-validate."
        update(job, SYNC_END, result=job.result)
        return
    from catalog.sync import sync_datasets

    sync_datasets()
    update(job, SYNC_END, "Synced the catalogue; re-validating problems.")
    revalidate(job, ids, SYNC_END)


def _build(job: DatasetJob, ids: list[str], staging: Path) -> None:
    """Run the build in a child process, turning finished dataset files into progress."""
    cmd = [sys.executable, "-m", "datasets", "build", "--profile", job.profile, "--out", str(staging)]
    for did in ids:
        cmd += ["--only", did]
    total = len(ids) * len(datasets.VARIANTS)
    deadline = time.monotonic() + settings.DATASET_JOB_TIME_LIMIT_S
    update(job, 1, f"Building {', '.join(ids)} ({job.profile}).")
    proc = subprocess.Popen(cmd, cwd=settings.REPO_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    while True:
        try:
            _out, err = proc.communicate(timeout=POLL_S)
            break
        except subprocess.TimeoutExpired:
            if time.monotonic() > deadline:
                proc.kill()
                proc.communicate()
                raise RuntimeError(f"the build took longer than {settings.DATASET_JOB_TIME_LIMIT_S} s") from None
            done = sum(datasets.dataset_file(staging, job.profile, did, v).is_file()
                       for did in ids for v in datasets.VARIANTS)
            progress = 1 + (BUILD_END - 1) * done // total
            if progress != job.progress:
                update(job, progress, f"Building: {done} of {total} dataset files written.")
    if proc.returncode != 0:
        tail = " ".join((err or "").strip().splitlines()[-2:])
        raise RuntimeError(f"the build exited with status {proc.returncode}: {tail}")


def publish(staging: Path, root: Path, profile: str, ids: list[str]) -> None:
    """Move every built file into the live tree (each rename atomic), then merge the manifest (atomic)."""
    for did in ids:
        for v in datasets.VARIANTS:
            source, target = variant_dir(staging, profile, did, v), variant_dir(root, profile, did, v)
            target.mkdir(parents=True, exist_ok=True)
            # Parquet first, the DuckDB file (what graders open) last.
            for path in sorted(source.iterdir(), key=lambda p: (p.suffix == ".duckdb", p.name)):
                os.replace(path, target / path.name)
    built = datasets.load_manifest(staging, profile)
    try:
        live = datasets.load_manifest(root, profile)
    except FileNotFoundError:
        live = None
    if live is not None and (live.generator_version, live.root_seed) == (built.generator_version, built.root_seed):
        live.datasets.update(built.datasets)
        live.libraries = built.libraries
        built = live
    built.write(root)


def revalidate(job: DatasetJob, dataset_ids: list[str], start: int) -> None:
    """Check every published problem on `dataset_ids`; record those that break in the job's result."""
    problems = list(Problem.objects.filter(dataset_id__in=dataset_ids, is_published=True)
                    .order_by("dataset_id", "id"))
    checker = grader.Grader(cache=grader.ExpectedCache(), roots=(Path(settings.DATA_DIR),))
    broken = []
    try:
        for i, problem in enumerate(problems):
            if i and problem.dataset_id != problems[i - 1].dataset_id:
                release_sql(checker)
            failures = check_db_problem(problem, checker)
            if failures:
                broken.append({"id": problem.id, "title": problem.title, "dataset": problem.dataset_id,
                               "failures": failures})
            update(job, start + (99 - start) * (i + 1) // len(problems),
                   f"Re-validated {i + 1} of {len(problems)} problems.")
    finally:
        checker.close()
    job.result = {**job.result, "checked": len(problems), "broken": sorted(broken, key=lambda p: p["id"])}
    update(job, result=job.result)


def check_db_problem(problem: Problem, checker: grader.Grader) -> list[str]:
    """problems.validate's checks for a problem stored in the database, on its dataset's variants."""
    try:
        variants = dataset_variants(problem.dataset_id)
    except DataNotBuilt as exc:
        return [str(exc)]
    solutions = {lang: code for lang, code in (("sql", problem.solution_sql), ("python", problem.solution_py))
                 if code}
    mistakes = tuple(grader.KnownMistake(**m) for m in problem.mistakes)
    return check_problem(solutions, grader.CompareOptions.from_mapping(problem.grading), mistakes, variants,
                         checker)


def status_of_builtins(profile: str) -> dict[str, bool]:
    """Whether each built-in dataset has every variant in the profile's manifest (built) or not."""
    try:
        manifest = datasets.load_manifest(Path(settings.DATA_DIR), profile)
    except FileNotFoundError:
        return {}
    return {did: len(entry.variants) == len(datasets.VARIANTS) for did, entry in manifest.datasets.items()}

