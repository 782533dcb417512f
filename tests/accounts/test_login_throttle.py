"""Password guessing is throttled per account and per address: after AXES_FAILURE_LIMIT failures either
one is refused, even with the right password, with a clear message, until the cool-off has passed."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

HOME, AWAY = "203.0.113.7", "198.51.100.20"


def log_in(client, username, password, address=HOME):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def guess(client, username, times, address=HOME):
    for n in range(times):
        log_in(client, username, f"wrong-{n}", address)


def logged_in(response) -> bool:
    return response.status_code == 302 and response.url == reverse(settings.LOGIN_REDIRECT_URL)


@pytest.fixture
def ada():
    return make_user("ada")


def test_a_few_wrong_passwords_then_the_right_one_logs_in(client, ada):
    guess(client, "ada", settings.AXES_FAILURE_LIMIT - 1)
    assert logged_in(log_in(client, "ada", ada.raw_password))


def test_after_a_hundred_wrong_passwords_the_right_one_is_refused_with_a_message(client, ada):
    guess(client, "ada", 100)
    response = log_in(client, "ada", ada.raw_password)
    assert response.status_code == 429
    assert not logged_in(response)
    content = response.content.decode()
    assert "Too many failed log-ins" in content
    assert f"{settings.AXES_COOLOFF_TIME.total_seconds() / 60:.0f} minutes" in content
    assert "_auth_user_id" not in client.session


def test_the_locked_account_is_refused_from_another_address_too(client, ada):
    guess(client, "ada", settings.AXES_FAILURE_LIMIT)
    assert log_in(client, "ada", ada.raw_password, address=AWAY).status_code == 429


def test_the_guessing_address_is_refused_for_other_accounts_too(client, ada):
    bob = make_user("bob")
    guess(client, "ada", settings.AXES_FAILURE_LIMIT)
    assert log_in(client, "bob", bob.raw_password, address=HOME).status_code == 429


def test_another_account_from_another_address_is_unaffected(client, ada):
    bob = make_user("bob")
    guess(client, "ada", 100)
    assert logged_in(log_in(client, "bob", bob.raw_password, address=AWAY))


def test_guessing_across_many_accounts_from_one_address_is_throttled(client):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"user{n}", "wrong")
    carol = make_user("carol")
    assert log_in(client, "carol", carol.raw_password).status_code == 429


def test_after_the_cool_off_the_right_password_works_again(client, ada):
    guess(client, "ada", 100)
    assert log_in(client, "ada", ada.raw_password).status_code == 429
    # Let the cool-off pass: every recorded failure is moved back by a little more than it.
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - settings.AXES_COOLOFF_TIME - settings.AXES_COOLOFF_TIME / 10)
    assert logged_in(log_in(client, "ada", ada.raw_password))


def test_the_login_page_still_opens_for_a_locked_address(client, ada):
    guess(client, "ada", settings.AXES_FAILURE_LIMIT)
    assert client.get(reverse("login"), REMOTE_ADDR=HOME).status_code == 200
