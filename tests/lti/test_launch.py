"""An LMS opens Unwind with an LTI 1.3 launch (PyLTI1p3 against a fake platform built in code): the OIDC
login redirects to the platform with a state and a nonce, the launch verifies the signed id_token, signs the
person in (making their account on first launch) and lands them on the assignment the link is mapped to.
Anything that does not verify is refused with a message saying what."""

import json
import time

import jwt
import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from lti.models import LtiOutcome, LtiPlatform, LtiResourceLink, LtiUser
from teaching.models import Assignment
from tests.factories import make_problem, make_user
from tests.lti.fakeplatform import (
    AUTH_LOGIN_URL,
    CLIENT_ID,
    INSTRUCTOR,
    KEYSET_URL,
    LTI,
    FakePlatform,
    FakeServices,
)
from tests.teaching.cast import assignment_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def lms():
    platform = FakePlatform()
    platform.register()
    return platform


@pytest.fixture
def mapped(lms):
    """Week 1 (one problem, 10 points) assigned by ines, and the course link mapped to it."""
    ines = make_user("ines", User.Role.INSTRUCTOR)
    assignment = assignment_for([], [(make_problem(id=861), 10)], instructor=ines)
    LtiResourceLink.objects.create(platform=LtiPlatform.objects.get(), resource_link_id="link-week-1",
                                   assignment=assignment)
    return assignment


def page(response) -> str:
    return response.content.decode()


def test_login_redirects_to_the_platform_with_a_state_cookie_and_a_nonce(client, lms):
    response, state, nonce = lms.login(client)
    assert response.status_code == 302
    assert response["Location"].startswith(AUTH_LOGIN_URL + "?")
    assert "redirect_uri=http%3A%2F%2Ftestserver%2Flti%2Flaunch%2F" in response["Location"]
    assert f"client_id={CLIENT_ID}" in response["Location"]
    assert client.cookies[f"lti1p3-{state}"].value == state
    assert len(nonce) >= 32


def test_login_from_an_unregistered_issuer_is_refused(client, lms):
    response, _, _ = lms.login(client, iss="https://other-lms.example.test")
    assert response.status_code == 403
    assert "No LTI platform is registered in Unwind with issuer" in page(response)


def test_a_learners_first_launch_makes_an_account_signs_in_and_lands_on_the_assignment(client, lms, mapped):
    launch = lms.launch(client)
    assert launch.response.status_code == 302
    assert launch.response["Location"] == reverse("teaching:my_assignments") + f"#a-{mapped.pk}"
    user = LtiUser.objects.get(sub="learner-1").user
    assert (user.first_name, user.last_name, user.email, user.role) == ("Ada", "Quant", "ada.quant@uni.example",
                                                                        "learner")
    assert not user.has_usable_password()
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get(launch.response["Location"]).context["user"] == user


def test_a_launched_learner_joins_the_cohort_and_their_score_will_go_back(client, lms, mapped):
    lms.launch(client)
    user = LtiUser.objects.get(sub="learner-1").user
    assert mapped.cohort.members.filter(pk=user.pk).exists()
    assert LtiOutcome.objects.filter(lti_user__user=user, link__assignment=mapped).count() == 1
    assert LtiResourceLink.objects.get().ags["lineitem"].endswith("/line_items/31")


def test_the_same_person_launching_again_uses_the_same_account(client, lms, mapped):
    lms.launch(client)
    client.logout()
    lms.launch(client)
    assert User.objects.filter(lti_identities__sub="learner-1").count() == 1
    assert LtiOutcome.objects.count() == 1


def test_an_lms_email_does_not_take_over_an_existing_account(client, lms, mapped):
    owner = make_user("ada")
    User.objects.filter(pk=owner.pk).update(email="ada.quant@uni.example")
    lms.launch(client)
    assert LtiUser.objects.get(sub="learner-1").user != owner


def test_a_token_signed_by_another_key_is_refused(client, lms, mapped):
    launch = lms.launch(client, key_name="attacker")
    assert launch.response.status_code == 403
    assert "signature" in page(launch.response)
    assert "Signature verification failed" in page(launch.response)
    assert "_auth_user_id" not in client.session
    assert not LtiUser.objects.exists()


def test_a_token_for_another_audience_is_refused(client, lms, mapped):
    launch = lms.launch(client, aud="some-other-tool", azp=None)
    assert launch.response.status_code == 403
    assert "client id &#x27;some-other-tool&#x27;" in page(launch.response)
    assert not LtiUser.objects.exists()


def test_a_token_with_several_audiences_must_name_this_tool_in_azp(client, lms, mapped):
    launch = lms.launch(client, aud=[CLIENT_ID, "some-other-tool"], azp="some-other-tool")
    assert launch.response.status_code == 403
    assert "no azp naming this tool" in page(launch.response)


def test_a_replayed_launch_is_refused(client, lms, mapped):
    first = lms.launch(client)
    assert first.response.status_code == 302
    client.logout()
    replay = client.post(reverse("lti:launch"), {"id_token": first.id_token, "state": first.state})
    assert replay.status_code == 403
    assert "already used or has expired" in page(replay)
    assert "_auth_user_id" not in client.session


def test_a_nonce_the_tool_never_issued_is_refused(client, lms, mapped):
    _, state, _ = lms.login(client)
    id_token = lms.sign(lms.claims("a-nonce-unwind-never-issued"))
    response = client.post(reverse("lti:launch"), {"id_token": id_token, "state": state})
    assert response.status_code == 403
    assert "Invalid Nonce" in page(response)


def test_a_launch_without_the_state_of_its_login_is_refused(client, lms, mapped):
    _, _, nonce = lms.login(client)
    response = client.post(reverse("lti:launch"), {"id_token": lms.sign(lms.claims(nonce)), "state": "state-forged"})
    assert response.status_code == 403
    assert "does not match the login that started it" in page(response)


def test_an_expired_token_is_refused(client, lms, mapped):
    an_hour_ago = int(time.time()) - 3600
    launch = lms.launch(client, iat=an_hour_ago - 300, exp=an_hour_ago)
    assert launch.response.status_code == 403
    assert "Signature has expired" in page(launch.response)


def test_a_token_without_an_expiry_is_refused(client, lms, mapped):
    launch = lms.launch(client, exp=None)
    assert launch.response.status_code == 403
    assert "exp" in page(launch.response)


def test_an_unregistered_deployment_is_refused(client, lms, mapped):
    launch = lms.launch(client, extra={LTI + "deployment_id": "2:unknown"})
    assert launch.response.status_code == 403
    assert "Deployment &#x27;2:unknown&#x27; is not registered" in page(launch.response)


def test_a_malformed_id_token_is_a_bad_request(client, lms):
    _, state, _ = lms.login(client)
    response = client.post(reverse("lti:launch"), {"id_token": "not-a-jwt", "state": state})
    assert response.status_code == 400
    assert "JWT must contain 3 parts" in page(response)


def test_a_deep_linking_request_is_refused_as_not_supported(client, lms):
    deep_link = {LTI + "message_type": "LtiDeepLinkingRequest", LTI + "resource_link": None,
                 "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings": {
                     "deep_link_return_url": "https://lms.example.test/dl", "accept_types": ["ltiResourceLink"],
                     "accept_presentation_document_targets": ["window"]}}
    launch = lms.launch(client, extra=deep_link)
    assert launch.response.status_code == 400
    assert "deep linking" in page(launch.response)


def test_the_platform_keyset_is_fetched_from_its_url_when_not_pasted(client, monkeypatch):
    lms = FakePlatform()
    lms.register(key_set=None, key_set_url=KEYSET_URL)
    ines = make_user("ines", User.Role.INSTRUCTOR)
    assignment = assignment_for([], [(make_problem(id=862), 10)], instructor=ines)
    LtiResourceLink.objects.create(platform=LtiPlatform.objects.get(), resource_link_id="link-week-1",
                                   assignment=assignment)
    services = FakeServices(lms)
    monkeypatch.setattr("lti.tool.http_session", lambda: services)
    assert lms.launch(client).response.status_code == 302
    assert [r[1] for r in services.requests] == [KEYSET_URL]


def test_a_learner_on_a_link_not_yet_connected_is_told_so(client, lms):
    launch = lms.launch(client)
    assert launch.response.status_code == 200
    assert "not connected yet" in page(launch.response)
    assert not LtiOutcome.objects.exists()


def test_an_instructor_connects_a_new_link_to_their_assignment_and_lands_on_its_gradebook(client, lms):
    launch = lms.launch(client, sub="teacher-1", roles=INSTRUCTOR, email="ines@uni.example")
    link = LtiResourceLink.objects.get()
    assert launch.response["Location"] == reverse("lti:map_link", args=[link.pk])
    ines = LtiUser.objects.get(sub="teacher-1").user
    assert ines.role == "instructor"
    assignment = assignment_for([], [(make_problem(id=863), 10)], instructor=ines)
    assert "Week 1 on Unwind" in page(client.get(launch.response["Location"]))
    response = client.post(launch.response["Location"], {"assignment": assignment.pk})
    assert response["Location"] == reverse("teaching:gradebook", args=[assignment.pk])
    link.refresh_from_db()
    assert link.assignment == assignment
    again = lms.launch(client, sub="teacher-1", roles=INSTRUCTOR)
    assert again.response["Location"] == reverse("teaching:gradebook", args=[assignment.pk])


def test_an_instructor_cannot_connect_a_link_to_another_instructors_assignment(client, lms):
    lms.launch(client, sub="teacher-1", roles=INSTRUCTOR)
    link = LtiResourceLink.objects.get()
    other = assignment_for([], [(make_problem(id=864), 10)], instructor=make_user("olga", User.Role.INSTRUCTOR))
    response = client.post(reverse("lti:map_link", args=[link.pk]), {"assignment": other.pk}, follow=True)
    assert "Choose one of your assignments" in page(response)
    link.refresh_from_db()
    assert link.assignment is None


def test_only_an_instructor_who_launched_the_link_may_connect_it(client, lms):
    lms.launch(client)  # a learner makes the link exist
    link = LtiResourceLink.objects.get()
    client.force_login(make_user("olga", User.Role.INSTRUCTOR))
    assert client.get(reverse("lti:map_link", args=[link.pk])).status_code == 403


def test_a_learner_account_launching_as_instructor_is_told_to_ask_an_admin(client, lms, mapped):
    lms.launch(client, sub="ta-1")
    client.logout()
    launch = lms.launch(client, sub="ta-1", roles=INSTRUCTOR)
    assert launch.response.status_code == 403
    assert "learner account" in page(launch.response)


def test_the_jwks_publishes_the_key_that_signs_the_tools_requests(client, lms):
    platform = LtiPlatform.objects.get()
    keys = client.get(reverse("lti:jwks")).json()["keys"]
    assert [k["kty"] for k in keys] == ["RSA"]
    assert "d" not in keys[0]  # never the private part
    token = jwt.encode({"iss": CLIENT_ID}, platform.tool_private_key, algorithm="RS256",
                       headers={"kid": keys[0]["kid"]})
    public = jwt.PyJWK.from_json(json.dumps(keys[0])).key
    assert jwt.decode(token, public, algorithms=["RS256"]) == {"iss": CLIENT_ID}


def test_deleting_the_assignment_leaves_the_link_to_be_connected_again(client, lms, mapped):
    Assignment.objects.filter(pk=mapped.pk).delete()
    assert LtiResourceLink.objects.get().assignment is None


def test_over_https_the_login_cookies_are_secure_and_usable_cross_site(client, lms, mapped):
    launch = lms.launch(client, secure=True)
    assert launch.response.status_code == 302
    assert "redirect_uri=https%3A%2F%2Ftestserver%2Flti%2Flaunch%2F" in launch.login["Location"]
    for name in (f"lti1p3-{launch.state}", "lti1p3-session-id"):
        cookie = launch.login.cookies[name]
        assert (cookie["secure"], cookie["samesite"], cookie["httponly"]) == (True, "None", True)


def test_over_https_a_launch_in_a_browser_without_the_login_cookies_is_refused(client, lms, mapped):
    _, state, nonce = lms.login(client, secure=True)
    other_browser = Client()
    response = other_browser.post(reverse("lti:launch"), {"id_token": lms.sign(lms.claims(nonce)), "state": state},
                                  secure=True)
    assert response.status_code == 400
    assert "Open it in a new window" in page(response)


def test_a_launch_inside_a_frame_is_told_to_open_in_a_new_window_in_words_the_frame_can_show(client, lms, mapped):
    _, state, nonce = lms.login(client)
    response = client.post(reverse("lti:launch"), {"id_token": lms.sign(lms.claims(nonce)), "state": state},
                           headers={"Sec-Fetch-Dest": "iframe"})
    assert response.status_code == 400
    assert "New window" in page(response)
    assert "X-Frame-Options" not in response.headers
