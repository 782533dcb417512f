"""Fixtures for the dataset-management tests."""

import pytest

from accounts.models import User
from tests.factories import make_user


@pytest.fixture
def admin(client):
    """An admin, logged in on the test client."""
    user = make_user("root", role=User.Role.ADMIN)
    client.force_login(user)
    return user
