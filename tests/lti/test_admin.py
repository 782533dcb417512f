"""An admin registers a platform in Django admin: the tool's key pair is generated, and the page shows what
to paste into the platform (the tool URLs and the public key)."""

import pytest
from django.urls import reverse

from lti.models import LtiPlatform
from tests.lti.fakeplatform import AUTH_LOGIN_URL, CLIENT_ID, ISSUER, KEYSET_URL, TOKEN_URL

pytestmark = pytest.mark.django_db


def registration(**kw) -> dict:
    return {"name": "Canvas", "issuer": ISSUER, "client_id": CLIENT_ID, "deployment_ids": "1:abc\n2:def",
            "auth_login_url": AUTH_LOGIN_URL, "auth_token_url": TOKEN_URL, "auth_audience": "",
            "key_set_url": KEYSET_URL, "key_set": "null", "is_active": "on", **kw}


def test_an_admin_registers_a_platform_and_its_tool_key_is_generated(admin_client):
    response = admin_client.post(reverse("admin:lti_ltiplatform_add"), registration())
    assert response.status_code == 302, response.content.decode()[:2000]
    platform = LtiPlatform.objects.get()
    assert platform.tool_private_key.startswith("-----BEGIN PRIVATE KEY-----")
    assert platform.deployment_id_list == ["1:abc", "2:def"]
    page = admin_client.get(reverse("admin:lti_ltiplatform_change", args=[platform.pk])).content.decode()
    for url in ("/lti/login/", "/lti/launch/", "/lti/jwks/"):
        assert url in page
    assert '"kty": "RSA"' in page.replace("&quot;", '"')
    assert "PRIVATE KEY" not in page


def test_a_platform_needs_a_keyset_url_or_a_keyset(admin_client):
    response = admin_client.post(reverse("admin:lti_ltiplatform_add"), registration(key_set_url=""))
    assert "Give the platform&#x27;s keyset URL" in response.content.decode()
    assert not LtiPlatform.objects.exists()
