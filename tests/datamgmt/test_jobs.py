"""Dataset jobs: a rebuild builds in staging, moves the files into place, syncs and re-validates the problems
on the rebuilt data; a new upload version re-validates the problems that use it. Task functions run inline."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

import datasets
from catalog.models import Dataset
from catalog.sync import sync_datasets
from datamgmt import jobs, uploads
from datamgmt.models import DatasetJob
from datamgmt.tasks import run_dataset_job
from datasets.registry import DATASETS, all_dependencies
from tests.factories import make_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_data(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.DATA_PROFILE = "lite"
    return tmp_path


def test_a_rebuild_reaches_done_with_progress_100_and_its_files_in_place(empty_data, monkeypatch):
    sync_datasets()
    seen = []
    real_update = jobs.update
    monkeypatch.setattr(jobs, "POLL_S", 0.02)
    monkeypatch.setattr(jobs, "update", lambda job, *a, **kw: (real_update(job, *a, **kw), seen.append(job.progress)))
    job = DatasetJob.objects.create(kind="rebuild", dataset_id="R1", profile="lite")
    assert run_dataset_job(job.pk) == "DONE"
    job.refresh_from_db()
    assert (job.status, job.progress) == ("DONE", 100)
    assert seen == sorted(seen), "progress only moves forward"
    assert jobs.BUILD_END in seen
    assert job.result["built"] == ["D01", "D02", "R1"]
    for v in datasets.VARIANTS:
        assert datasets.dataset_file(empty_data, "lite", "R1", v).is_file()
    assert not any((empty_data / ".staging").iterdir()), "the staging folder is cleaned up"
    assert datasets.load_manifest(empty_data, "lite").dataset_hash("R1", 0) == \
        Dataset.objects.get(pk="R1").version_hash


def test_a_rebuild_reports_the_problems_on_the_dataset_that_break(empty_data):
    sync_datasets()
    d01 = Dataset.objects.get(pk="D01")
    make_problem(d01, id=951, solution_sql="SELECT venue, COUNT(*) AS n FROM securities GROUP BY venue")
    make_problem(d01, id=952, title="Broken", solution_sql="SELECT no_such_column FROM securities")
    job = DatasetJob.objects.create(kind="rebuild", dataset_id="R1", profile="lite")
    run_dataset_job(job.pk)
    job.refresh_from_db()
    assert job.result["checked"] == 2
    assert [p["id"] for p in job.result["broken"]] == [952]
    assert "no_such_column" in job.result["broken"][0]["failures"][0]
    assert "1 broken" in job.message


def test_a_failed_build_marks_the_job_failed_and_leaves_the_live_data_alone(empty_data, settings, monkeypatch):
    settings.REPO_DIR = empty_data  # `python -m datasets` cannot be found from here...
    monkeypatch.delenv("PYTHONPATH", raising=False)  # ...nor through ./dev's PYTHONPATH
    job = DatasetJob.objects.create(kind="rebuild", dataset_id="R1", profile="lite")
    assert run_dataset_job(job.pk) == "FAILED"
    job.refresh_from_db()
    assert job.message.startswith("Failed: the build exited with status")
    assert not (empty_data / "lite").exists()


def test_a_redelivered_finished_job_does_nothing(empty_data):
    job = DatasetJob.objects.create(kind="rebuild", dataset_id="D01", profile="lite", status="DONE", progress=100)
    assert run_dataset_job(job.pk) is None
    assert not (empty_data / "lite").exists()


def test_a_new_version_of_an_upload_revalidates_its_problems(empty_data):
    (empty_data / "lite").mkdir()

    def upload(content: bytes, replaces: str = "") -> Dataset:
        return uploads.import_upload(uploads.Upload("px.csv", SimpleUploadedFile("px.csv", content), len(content),
                                                    "Prices", replaces=replaces))

    dataset = upload(b"ticker,close\nZAAA,1.5\nZBBB,2.5\n")
    make_problem(dataset, id=961, solution_sql="SELECT ticker, close FROM px ORDER BY ticker")
    make_problem(dataset, id=962, title="Uses volume", solution_sql="SELECT SUM(close) AS s FROM px")
    upload(b"ticker,volume\nZAAA,10\n", replaces=dataset.id)  # the close column is gone
    job = DatasetJob.objects.create(kind="validate", dataset_id=dataset.id, profile="lite")
    run_dataset_job(job.pk)
    job.refresh_from_db()
    assert job.status == "DONE"
    assert [p["id"] for p in job.result["broken"]] == [961, 962]


def test_a_rebuild_also_builds_what_the_dataset_needs_and_every_dataset_built_on_it():
    built = jobs.rebuilt_with("D03")
    assert built[:3] == ["D01", "D02", "D03"]
    assert {"D04", "D09", "D10"} <= set(built)
    dependents = [did for did in built[3:] if "D03" in all_dependencies(did)]
    # anything else in the run is a dependency a dependent needs built beside it (D10 reads D07, D11)
    assert all(did in dependents or any(did in all_dependencies(d) for d in dependents) for did in built[3:])
    assert not any("D03" in all_dependencies(did) for did in set(DATASETS) - set(built))
