"""Admin pages for datasets: the list with versions and build status, rebuild jobs with a polled progress bar,
uploads, and any table's dictionary and preview."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.access import admin_required
from catalog.models import Dataset
from datamgmt import jobs, uploads
from datamgmt.forms import RebuildForm, UploadForm
from datamgmt.models import DatasetJob
from datasets.registry import DATASETS


def _uploaded_choices() -> list[tuple[str, str]]:
    return [(d.id, f"{d.id} {d.title}") for d in Dataset.objects.filter(source="upload")]


def _list_context(upload_form: UploadForm | None = None, error: str = "") -> dict:
    built = jobs.status_of_builtins(settings.DATA_PROFILE)
    latest: dict[str, DatasetJob] = {}
    for job in DatasetJob.objects.all()[:200]:
        latest.setdefault(job.dataset_id, job)
    rows = [{"dataset": d, "builtin": d.source == "builtin", "built": built.get(d.id, False),
             "job": latest.get(d.id)} for d in Dataset.objects.all()]
    return {
        "rows": rows,
        "profile": settings.DATA_PROFILE,
        "rebuild_form": RebuildForm(),
        "upload_form": upload_form or UploadForm(uploaded=_uploaded_choices()),
        "upload_error": error,
        "limit_mb": settings.DATASET_UPLOAD_MAX_BYTES // 2**20,
        "jobs": DatasetJob.objects.all()[:10],
    }


@admin_required
def dataset_list(request):
    return render(request, "datamgmt/dataset_list.html", _list_context())


@admin_required
def dataset_detail(request, dataset_id: str):
    dataset = get_object_or_404(Dataset, pk=dataset_id)
    return render(request, "datamgmt/dataset_detail.html", {
        "dataset": dataset,
        "versions": uploads.versions(dataset) if dataset.source == "upload" else [],
        "jobs": DatasetJob.objects.filter(dataset_id=dataset.id)[:10],
        "problems": dataset.problems.order_by("id"),
        "rebuilds": jobs.rebuilt_with(dataset.id) if dataset.id in DATASETS else [],
        "rebuild_form": RebuildForm(),
    })


@admin_required
@require_POST
def rebuild(request, dataset_id: str):
    if dataset_id not in DATASETS:
        raise Http404("only built-in datasets can be rebuilt")
    form = RebuildForm(request.POST)
    profile = form.cleaned_data["profile"] if form.is_valid() else "lite"
    active = jobs.active_job()
    if active is not None:
        return render(request, "datamgmt/job_detail.html", {"job": active, "busy": True}, status=409)
    with transaction.atomic():
        job = jobs.queue(DatasetJob.Kind.REBUILD, dataset_id, profile, request.user)
    return redirect("datamgmt:job_detail", pk=job.pk)


@admin_required
def job_detail(request, pk: int):
    job = get_object_or_404(DatasetJob, pk=pk)
    return render(request, "datamgmt/job_detail.html", {"job": job})


@admin_required
def job_status(request, pk: int):
    """The polled fragment: progress while the job runs; it stops polling once the job is final."""
    job = get_object_or_404(DatasetJob, pk=pk)
    return render(request, "datamgmt/_job.html", {"job": job})


@admin_required
@require_POST
def upload(request):
    form = UploadForm(request.POST, request.FILES, uploaded=_uploaded_choices())
    if not form.is_valid():
        return render(request, "datamgmt/dataset_list.html", _list_context(form), status=422)
    sent = form.cleaned_data["file"]
    try:
        dataset = uploads.import_upload(uploads.Upload(
            filename=sent.name, file=sent, size=sent.size, title=form.cleaned_data["title"],
            table=form.cleaned_data["table"], delimiter=form.cleaned_data["delimiter"],
            replaces=form.cleaned_data["replaces"]))
    except uploads.UploadError as exc:
        return render(request, "datamgmt/dataset_list.html", _list_context(form, str(exc)), status=422)
    if dataset.upload_version > 1 and dataset.problems.filter(is_published=True).exists():
        # A new version: check the problems that use it and report those that break.
        with transaction.atomic():
            job = jobs.queue(DatasetJob.Kind.VALIDATE, dataset.id, settings.DATA_PROFILE, request.user)
        return redirect("datamgmt:job_detail", pk=job.pk)
    return redirect("datamgmt:dataset_detail", dataset_id=dataset.id)
