"""The learner's pages: problem list, problem page, Run, Submit, status, history, and who may see what."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Problem
from submissions.models import Submission
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_pages_need_a_login(client, catalog_loaded):
    response = client.get(reverse("catalog:problem_list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_every_page_says_the_data_is_simulated(client, catalog_loaded):
    assert b"Simulated data" in client.get(reverse("login")).content


def test_the_problem_list_shows_every_published_problem(client, ada, catalog_loaded):
    content = client.get(reverse("catalog:problem_list")).content.decode()
    for title in ("Daily simple and log returns",):
        assert title.split()[0] in content
    assert content.count('class="pill') >= 4


def test_the_problem_page_has_statement_schema_and_editor(client, ada, catalog_loaded):
    content = client.get(reverse("catalog:problem_detail", args=[3])).content.decode()
    assert "eq_daily" in content
    assert 'id="code"' in content
    assert "editor-schema" in content


def test_a_table_preview_shows_visible_rows(client, ada, catalog_loaded):
    response = client.get(reverse("catalog:table_preview", args=["D01", "securities"]))
    assert response.status_code == 200
    assert b"<td>" in response.content


def test_run_shows_the_first_rows_of_the_result(client, ada, catalog_loaded, runs_inline):
    response = client.post(reverse("submissions:run", args=[3]), {"code": "SELECT 41 + 1 AS answer", "language": "sql"})
    assert response.status_code == 200
    assert b'data-status="ok"' in response.content
    assert b"42" in response.content


def test_run_shows_a_rejection_reason(client, ada, catalog_loaded, runs_inline):
    response = client.post(reverse("submissions:run", args=[3]), {"code": "DELETE FROM eq_daily", "language": "sql"})
    assert b"REJECTED" in response.content


def test_submit_stores_the_submission_and_returns_a_polling_fragment(client, ada, catalog_loaded, queued,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submissions:submit", args=[3]), {"code": "SELECT 1", "language": "sql"})
    submission = Submission.objects.get(learner=ada)
    assert queued == [submission.pk]
    assert b"hx-get" in response.content


def test_submit_refuses_empty_code_with_a_message(client, ada, catalog_loaded, queued):
    response = client.post(reverse("submissions:submit", args=[3]), {"code": "  ", "language": "sql"})
    assert response.status_code == 422
    assert b"empty" in response.content
    assert not Submission.objects.exists()


def test_a_learner_cannot_see_a_classmates_submission(client, ada, catalog_loaded):
    ben = make_user("ben")
    theirs = Submission.objects.create(learner=ben, problem_id=3, language="sql", code="SELECT 'ben-secret'")
    assert client.get(reverse("submissions:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("submissions:status", args=[theirs.pk])).status_code == 404
    assert b"ben-secret" not in client.get(reverse("submissions:history")).content


def test_a_final_status_stops_polling(client, ada, catalog_loaded):
    done = Submission.objects.create(learner=ada, problem_id=3, language="sql", code="SELECT 1",
                                     status="DONE", verdict="ACCEPTED", message="Correct")
    response = client.get(reverse("submissions:status", args=[done.pk]))
    assert b"hx-get" not in response.content
    assert response["HX-Trigger"] == "submission-final"


@pytest.mark.parametrize(("age_s", "delay_ms"), [(0, 150), (5, 400), (60, 1000)])
def test_the_status_poll_backs_off_as_a_submission_waits(client, ada, catalog_loaded, age_s, delay_ms):
    waiting = Submission.objects.create(learner=ada, problem_id=3, language="sql", code="SELECT 1")
    Submission.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(seconds=age_s))
    response = client.get(reverse("submissions:status", args=[waiting.pk]))
    assert f'hx-trigger="load delay:{delay_ms}ms"' in response.content.decode()


def test_run_and_submit_accept_only_post(client, ada, catalog_loaded):
    assert client.get(reverse("submissions:run", args=[3])).status_code == 405
    assert client.get(reverse("submissions:submit", args=[3])).status_code == 405


def test_a_problem_on_real_data_labels_it_real_and_the_simulated_parts_simulated(client, ada, catalog_loaded):
    content = client.get(reverse("catalog:problem_detail", args=[6])).content.decode()
    assert "real data" in content
    assert 'class="pill simulated"' in content


def test_hints_are_offered_one_at_a_time(client, ada, catalog_loaded):
    content = client.get(reverse("catalog:problem_detail", args=[3])).content.decode()
    assert content.count('<details class="hint">') == len(Problem.objects.get(pk=3).hints) > 0


def test_why_it_matters_is_shown_once_the_problem_is_solved(client, ada, catalog_loaded):
    problem = Problem.objects.get(pk=3)
    assert problem.why_it_matters not in client.get(reverse("catalog:problem_detail", args=[3])).content.decode()
    Submission.objects.create(learner=ada, problem=problem, language="sql", code="SELECT 1", status="DONE",
                              verdict="ACCEPTED")
    assert problem.why_it_matters in client.get(reverse("catalog:problem_detail", args=[3])).content.decode()


def test_a_learner_reopens_their_own_submission_in_the_editor(client, ada, catalog_loaded):
    mine = Submission.objects.create(learner=ada, problem_id=3, language="python", code="result = 'mine-42'")
    content = client.get(reverse("catalog:problem_detail", args=[3]), {"submission": mine.pk}).content.decode()
    assert "mine-42" in content
    assert 'data-reopened="true"' in content


def test_a_classmates_submission_cannot_be_reopened(client, ada, catalog_loaded):
    theirs = Submission.objects.create(learner=make_user("ben"), problem_id=3, language="sql", code="SELECT 'ben-7'")
    content = client.get(reverse("catalog:problem_detail", args=[3]), {"submission": theirs.pk}).content.decode()
    assert "ben-7" not in content


@pytest.fixture
def fresh_rate_counts(monkeypatch, settings):
    from django.core.cache.backends.locmem import LocMemCache

    from submissions import ratelimit

    monkeypatch.setattr(ratelimit, "cache", LocMemCache("rate-limit-test", {}))
    settings.RATE_LIMITS = {"run": 2, "submit": 1}


def test_a_flood_of_runs_from_one_learner_is_slowed_with_a_clear_message(client, ada, catalog_loaded,
                                                                        fresh_rate_counts, runs_inline):
    url = reverse("submissions:run", args=[3])
    codes = [client.post(url, {"code": "SELECT 1", "language": "sql"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert b"a minute" in client.post(url, {"code": "SELECT 1", "language": "sql"}).content


def test_a_flood_of_submissions_stores_nothing_beyond_the_limit(client, ada, catalog_loaded, queued,
                                                                fresh_rate_counts):
    url = reverse("submissions:submit", args=[3])
    codes = [client.post(url, {"code": "SELECT 1", "language": "sql"}).status_code for _ in range(3)]
    assert codes == [200, 429, 429]
    assert Submission.objects.filter(learner=ada).count() == 1


def test_the_limit_is_per_learner(client, ada, catalog_loaded, queued, fresh_rate_counts):
    url = reverse("submissions:submit", args=[3])
    client.post(url, {"code": "SELECT 1", "language": "sql"})
    client.force_login(make_user("ben"))
    assert client.post(url, {"code": "SELECT 1", "language": "sql"}).status_code == 200


@pytest.mark.parametrize(
    ("form", "why"),
    [
        ({}, b"empty"),
        ({"code": "SELECT 1", "language": "cobol"}, b"Unknown language"),
        ({"code": "SELECT '" + "x" * 70_000 + "'", "language": "sql"}, b"larger than 64 KB"),
        ({"code": "SELECT 1\x00", "language": "sql"}, b"NUL"),
    ],
)
def test_malformed_submissions_get_a_clear_message_and_nothing_is_stored(client, ada, catalog_loaded, queued,
                                                                         form, why):
    response = client.post(reverse("submissions:submit", args=[3]), form)
    assert response.status_code == 422
    assert why in response.content
    assert not Submission.objects.exists()


def test_code_that_is_not_utf8_is_read_as_text_not_a_crash(client, ada, catalog_loaded, queued, runs_inline):
    body = b"language=sql&code=SELECT+%FF%FE+1"
    response = client.post(reverse("submissions:run", args=[3]), body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert b'data-status="ERROR"' in response.content


def test_a_dataset_page_shows_its_story_dictionary_and_label(client, ada, catalog_loaded):
    content = client.get(reverse("catalog:dataset_detail", args=["D02"])).content.decode()
    assert "eq_daily" in content
    assert "halt_minutes" in content  # the dictionary's columns
    assert "simulated" in content
    assert "real data" in client.get(reverse("catalog:dataset_detail", args=["R1"])).content.decode()
