"""Admins manage users and roles; nobody else can, and an admin cannot lock themselves out."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client):
    user = make_user("root", User.Role.ADMIN)
    client.force_login(user)
    return user


def test_an_admin_finds_users_by_name_or_email(client, root):
    make_user("ada").__class__.objects.filter(username="ada").update(email="ada@uni.example")
    make_user("bob")
    content = client.get(reverse("accounts:user_list"), {"q": "uni.example"}).content.decode()
    assert "ada" in content
    assert "bob" not in content


def test_an_admin_makes_a_learner_an_instructor(client, root):
    ada = make_user("ada")
    client.post(reverse("accounts:user_update", args=[ada.pk]), {"role": "instructor"})
    ada.refresh_from_db()
    assert ada.role == User.Role.INSTRUCTOR
    assert ada.is_instructor


def test_an_admin_deactivates_and_reactivates_a_user(client, root):
    ada = make_user("ada")
    client.post(reverse("accounts:user_update", args=[ada.pk]), {"is_active": "0"})
    ada.refresh_from_db()
    assert ada.is_active is False
    client.post(reverse("accounts:user_update", args=[ada.pk]), {"is_active": "1"})
    ada.refresh_from_db()
    assert ada.is_active is True


def test_an_admin_cannot_demote_themselves(client, root):
    response = client.post(reverse("accounts:user_update", args=[root.pk]), {"role": "learner"}, follow=True)
    root.refresh_from_db()
    assert root.role == User.Role.ADMIN
    assert "You cannot change your own role" in response.content.decode()


@pytest.mark.parametrize("role", [User.Role.LEARNER, User.Role.INSTRUCTOR])
def test_only_admins_see_or_change_users(client, role):
    client.force_login(make_user("someone", role))
    target = make_user("ada")
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.post(reverse("accounts:user_update", args=[target.pk]), {"role": "admin"}).status_code == 403
    target.refresh_from_db()
    assert target.role == User.Role.LEARNER
