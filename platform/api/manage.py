"""Admin endpoints: dataset versions and their build/re-validation jobs (what Manage → Datasets shows)."""

from __future__ import annotations

from ninja import Router

from api import schemas as s
from api.auth import needs, require_admin
from catalog.models import Dataset
from datamgmt.models import DatasetJob

router = Router(tags=["admin"], auth=needs("read"))


@router.get("/datasets", response={200: list[s.DatasetVersion], 403: s.Error})
def dataset_versions(request):
    """Every dataset with the hash of each variant it grades on, and an upload's version number."""
    require_admin(request)
    return [{"id": d.id, "title": d.title, "source": d.source, "upload_version": d.upload_version,
             "version_hash": d.version_hash, "variant_hashes": d.variant_hashes, "synced_at": d.synced_at}
            for d in Dataset.objects.all()]


@router.get("/dataset-jobs", response={200: list[s.DatasetJobOut], 403: s.Error})
def dataset_jobs(request, dataset: str = ""):
    """The latest 100 rebuilds and re-validations, newest first (optionally of one dataset)."""
    require_admin(request)
    jobs = DatasetJob.objects.all()
    if dataset:
        jobs = jobs.filter(dataset_id=dataset)
    return list(jobs[:100])
