"""The dataset management pages: admins only, the list, rebuild queuing and the polled job fragment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from catalog.models import Dataset
from catalog.sync import sync_datasets
from datamgmt import jobs
from datamgmt.models import DatasetJob
from datamgmt.tasks import run_dataset_job
from tests.factories import make_problem, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    (tmp_path / settings.DATA_PROFILE).mkdir()
    sync_datasets()
    return tmp_path


@pytest.fixture
def queued(monkeypatch):
    sent = []
    monkeypatch.setattr(run_dataset_job, "delay", lambda pk: sent.append(pk))
    return sent


PAGES = [("get", "datamgmt:dataset_list", []), ("get", "datamgmt:dataset_detail", ["D01"]),
         ("post", "datamgmt:rebuild", ["D01"]), ("post", "datamgmt:upload", [])]


@pytest.mark.parametrize("role", [User.Role.LEARNER, User.Role.INSTRUCTOR])
@pytest.mark.parametrize(("method", "name", "args"), PAGES, ids=[p[1] for p in PAGES])
def test_learners_and_instructors_get_403(client, data_dir, role, method, name, args):
    client.force_login(make_user("someone", role=role))
    assert getattr(client, method)(reverse(name, args=args)).status_code == 403


def test_job_pages_are_for_admins_only(client, data_dir):
    job = DatasetJob.objects.create(kind="rebuild", dataset_id="D01")
    client.force_login(make_user("teacher", role=User.Role.INSTRUCTOR))
    assert client.get(reverse("datamgmt:job_detail", args=[job.pk])).status_code == 403
    assert client.get(reverse("datamgmt:job_status", args=[job.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, data_dir):
    response = client.get(reverse("datamgmt:dataset_list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_manage_link_is_shown_to_admins_only(client, data_dir, admin):
    assert reverse("datamgmt:dataset_list") in client.get(reverse("catalog:dataset_list")).content.decode()
    client.force_login(make_user("teacher", role=User.Role.INSTRUCTOR))
    assert reverse("datamgmt:dataset_list") not in client.get(reverse("catalog:dataset_list")).content.decode()


def test_the_list_shows_every_dataset_with_its_build_status_and_an_upload_form(client, data_dir, admin):
    content = client.get(reverse("datamgmt:dataset_list")).content.decode()
    for dataset_id in ("D01", "D02", "R1"):
        assert reverse("datamgmt:dataset_detail", args=[dataset_id]) in content
    assert "not built" in content
    assert 'enctype="multipart/form-data"' in content


def test_the_detail_page_offers_a_preview_of_each_table(client, data_dir, admin):
    content = client.get(reverse("datamgmt:dataset_detail", args=["D01"])).content.decode()
    assert reverse("catalog:table_preview", args=["D01", "securities"]) in content


def test_rebuild_stores_a_queued_job_then_queues_it(client, data_dir, admin, queued,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("datamgmt:rebuild", args=["D01"]), {"profile": "lite"})
    job = DatasetJob.objects.get()
    assert (job.kind, job.dataset_id, job.profile, job.status, job.created_by) == ("rebuild", "D01", "lite",
                                                                                  "QUEUED", admin)
    assert queued == [job.pk]
    assert response["Location"] == reverse("datamgmt:job_detail", args=[job.pk])


def test_only_one_dataset_job_runs_at_a_time(client, data_dir, admin, queued):
    DatasetJob.objects.create(kind="rebuild", dataset_id="D02", status="RUNNING", heartbeat_at=timezone.now())
    response = client.post(reverse("datamgmt:rebuild", args=["D01"]), {"profile": "lite"})
    assert response.status_code == 409
    assert DatasetJob.objects.count() == 1


def test_a_job_older_than_its_time_limit_blocks_nothing(client, data_dir, admin, queued):
    stale = DatasetJob.objects.create(kind="rebuild", dataset_id="D02", status="QUEUED")
    DatasetJob.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert client.post(reverse("datamgmt:rebuild", args=["D01"]), {"profile": "lite"}).status_code == 302


def test_a_long_running_job_that_still_beats_blocks_a_rebuild(client, data_dir, admin, queued):
    running = DatasetJob.objects.create(kind="rebuild", dataset_id="D02", status="RUNNING")
    DatasetJob.objects.filter(pk=running.pk).update(created_at=timezone.now() - timedelta(hours=1),
                                                    heartbeat_at=timezone.now())
    assert client.post(reverse("datamgmt:rebuild", args=["D01"]), {"profile": "lite"}).status_code == 409


def test_a_running_job_whose_heartbeat_stopped_blocks_nothing(client, data_dir, admin, queued):
    dead = DatasetJob.objects.create(kind="rebuild", dataset_id="D02", status="RUNNING")
    DatasetJob.objects.filter(pk=dead.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    assert client.post(reverse("datamgmt:rebuild", args=["D01"]), {"profile": "lite"}).status_code == 302


def test_a_new_version_of_an_upload_with_problems_queues_their_revalidation(client, data_dir, admin, queued,
                                                                            django_capture_on_commit_callbacks):
    def send(**fields):
        return client.post(reverse("datamgmt:upload"), {"file": SimpleUploadedFile("px.csv", b"a\n1\n"), **fields})

    send(title="Prices")
    make_problem(Dataset.objects.get(pk="U01"), solution_sql="SELECT a FROM px")
    with django_capture_on_commit_callbacks(execute=True):
        response = send(replaces="U01")
    job = DatasetJob.objects.get()
    assert (job.kind, job.dataset_id) == ("validate", "U01")
    assert queued == [job.pk]
    assert response["Location"] == reverse("datamgmt:job_detail", args=[job.pk])


def test_an_upload_cannot_be_rebuilt(client, data_dir, admin, queued):
    assert client.post(reverse("datamgmt:rebuild", args=["U01"])).status_code == 404


def test_the_job_fragment_polls_with_a_progress_bar_until_the_job_is_final(client, data_dir, admin):
    job = DatasetJob.objects.create(kind="rebuild", dataset_id="D01", status="RUNNING", progress=40)
    running = client.get(reverse("datamgmt:job_status", args=[job.pk])).content.decode()
    assert '<progress max="100" value="40"' in running
    assert "hx-get" in running
    jobs.update(job, 100, "Done", status="DONE", result={"checked": 1, "broken": [
        {"id": 3, "title": "Daily returns", "dataset": "D01", "failures": ["sql reference gave ERROR"]}]})
    done = client.get(reverse("datamgmt:job_status", args=[job.pk])).content.decode()
    assert "hx-get" not in done
    assert "Daily returns" in done
    assert "sql reference gave ERROR" in done


def test_a_rebuild_from_the_page_runs_to_done(client, data_dir, admin, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("datamgmt:rebuild", args=["R1"]), {"profile": "lite"})
    run_dataset_job(queued[0])
    content = client.get(reverse("datamgmt:job_detail", args=[queued[0]])).content.decode()
    assert 'data-status="DONE"' in content
    assert 'value="100"' in content
