"""A fake LTI 1.3 platform (an LMS), built in code: its RSA keys and keyset, its registration of Unwind,
the OIDC login step, signed id_tokens with the LTI claims, and its HTTP services (keyset, OAuth2 token
endpoint, AGS line items and scores) answered from memory while recording every request."""

from __future__ import annotations

import functools
import json
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse
from jwcrypto.jwk import JWK

from lti.models import LtiPlatform

ISSUER = "https://lms.example.test"
CLIENT_ID = "10000000000042"
DEPLOYMENT_ID = "1:deployment-abc"
AUTH_LOGIN_URL = "https://lms.example.test/api/lti/authorize_redirect"
TOKEN_URL = "https://lms.example.test/login/oauth2/token"
KEYSET_URL = "https://lms.example.test/api/lti/security/jwks"
LINEITEMS_URL = "https://lms.example.test/api/lti/courses/7/line_items"
LINEITEM_URL = LINEITEMS_URL + "/31"

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
LEARNER = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]
INSTRUCTOR = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"]


@functools.cache
def rsa_key(name: str) -> tuple[str, dict]:
    """A named RSA key pair (cached: generating one takes tens of milliseconds): private PEM, public JWK."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    jwk = json.loads(JWK.from_pem(pem.encode()).export_public())
    return pem, {**jwk, "kid": f"{name}-key", "alg": "RS256", "use": "sig"}


@dataclass
class Launch:
    """What one login-and-launch round trip produced."""

    login: object
    state: str
    nonce: str
    claims: dict
    id_token: str
    response: object


@dataclass
class FakePlatform:
    key_name: str = "platform"
    course_title: str = "Risk analytics 2038"

    @property
    def private_pem(self) -> str:
        return rsa_key(self.key_name)[0]

    @property
    def jwks(self) -> dict:
        return {"keys": [rsa_key(self.key_name)[1]]}

    def register(self, **kw) -> LtiPlatform:
        """Unwind's admin registers this platform, pasting its keyset JSON (or, with key_set_url, its URL)."""
        values = {"name": "Fake LMS", "issuer": ISSUER, "client_id": CLIENT_ID, "deployment_ids": DEPLOYMENT_ID,
                  "auth_login_url": AUTH_LOGIN_URL, "auth_token_url": TOKEN_URL, "key_set": self.jwks}
        return LtiPlatform.objects.create(**{**values, **kw})

    def login(self, client, secure: bool = False, **params):
        """The platform's third-party initiated login; returns the response and the state and nonce the tool
        put in its redirect to the platform's authorization endpoint."""
        query = {"iss": ISSUER, "login_hint": "hint-123", "target_link_uri": "http://testserver/lti/launch/",
                 "lti_message_hint": "msg-456", "client_id": CLIENT_ID, "lti_deployment_id": DEPLOYMENT_ID,
                 **params}
        response = client.get(reverse("lti:login"), {k: v for k, v in query.items() if v is not None}, secure=secure)
        if response.status_code != 302:
            return response, None, None
        redirect = parse_qs(urlsplit(response["Location"]).query)
        return response, redirect["state"][0], redirect["nonce"][0]

    def claims(self, nonce: str, sub: str = "learner-1", roles=None, extra: dict | None = None, **over) -> dict:
        """The id_token body of a resource link launch with AGS, as Canvas or Moodle send it; `over` and
        `extra` (for the claims named by URL) replace claims, None removes one."""
        now = int(time.time())
        body = {
            "iss": ISSUER, "aud": CLIENT_ID, "sub": sub, "nonce": nonce, "iat": now, "exp": now + 300,
            "azp": CLIENT_ID, "name": "Ada Quant", "given_name": "Ada", "family_name": "Quant",
            "email": "ada.quant@uni.example",
            LTI + "message_type": "LtiResourceLinkRequest", LTI + "version": "1.3.0",
            LTI + "deployment_id": DEPLOYMENT_ID, LTI + "target_link_uri": "http://testserver/lti/launch/",
            LTI + "roles": LEARNER if roles is None else roles,
            LTI + "resource_link": {"id": "link-week-1", "title": "Week 1 on Unwind"},
            LTI + "context": {"id": "course-7", "label": "RISK101", "title": self.course_title},
            AGS: {"scope": [SCOPE_SCORE, SCOPE_LINEITEM], "lineitems": LINEITEMS_URL, "lineitem": LINEITEM_URL},
        }
        body.update(over)
        body.update(extra or {})
        return {k: v for k, v in body.items() if v is not None}

    def sign(self, claims: dict, key_name: str | None = None, kid: str | None = None) -> str:
        """An RS256 id_token (signed by this platform's key unless `key_name` names another)."""
        pem = rsa_key(key_name or self.key_name)[0]
        return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": kid or rsa_key(self.key_name)[1]["kid"]})

    def launch(self, client, sub: str = "learner-1", roles=None, key_name: str | None = None,
               extra: dict | None = None, secure: bool = False, **over) -> Launch:
        """Login, then POST the signed id_token and the state back to the tool's launch URL."""
        login, state, nonce = self.login(client, secure=secure)
        claims = self.claims(nonce, sub=sub, roles=roles, extra=extra, **over)
        id_token = self.sign(claims, key_name=key_name)
        response = client.post(reverse("lti:launch"), {"id_token": id_token, "state": state}, secure=secure)
        return Launch(login, state, nonce, claims, id_token, response)


def response(url: str, status: int = 200, body=None) -> requests.Response:
    """A requests.Response with a JSON body, as the platform's services answer."""
    r = requests.Response()
    r.status_code, r.url = status, url
    r._content = b"" if body is None else json.dumps(body).encode()
    r.headers["Content-Type"] = "application/json"
    return r


@dataclass
class FakeServices:
    """The platform's HTTP side: keyset, token endpoint, line items and scores. Stands in for the tool's
    requests session, records every request, and answers from memory."""

    platform: FakePlatform
    score_status: int = 200
    lineitems: list = field(default_factory=list)
    requests: list = field(default_factory=list)

    def get(self, url, headers=None, **kw):
        self.requests.append(("GET", url, None, headers or {}))
        if url == KEYSET_URL:
            return response(url, body=self.platform.jwks)
        if url == LINEITEMS_URL:
            return response(url, body=self.lineitems)
        return response(url, 404)

    def post(self, url, data=None, headers=None, **kw):
        self.requests.append(("POST", url, data, headers or {}))
        if url == TOKEN_URL:
            return response(url, body={"access_token": "token-" + uuid.uuid4().hex[:8], "token_type": "Bearer",
                                       "expires_in": 3600})
        if url == LINEITEMS_URL:
            created = {**json.loads(data), "id": LINEITEMS_URL + "/99"}
            self.lineitems.append(created)
            return response(url, 201, created)
        if url.endswith("/scores"):
            return response(url, self.score_status, {} if self.score_status < 400 else {"error": "nope"})
        return response(url, 404)

    def posts_to(self, suffix: str) -> list:
        return [r for r in self.requests if r[0] == "POST" and r[1].endswith(suffix)]
