"""PyLTI1p3 wired to Unwind: the tool configuration read from LtiPlatform rows, the launch storage in the
database, a launch that uses each nonce once, and an HTTP session that never waits forever."""

from __future__ import annotations

import datetime as dt

import requests
from django.utils import timezone
from pylti1p3.contrib.django import DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.contrib.django.session import DjangoSessionService
from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiException
from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.registration import Registration
from pylti1p3.tool_config.abstract import ToolConfAbstract

from lti.keys import public_jwk
from lti.models import LtiLaunchValue, LtiPlatform

HTTP_TIMEOUT_S = 10
# Nonces, states and launch data live this long: a login is followed by its launch within seconds.
LAUNCH_DATA_LIFETIME_S = 600
KEYSET_CACHE_S = 3600


class TimeoutSession(requests.Session):
    """requests with a default timeout: a platform that hangs must not hold a web process or a worker."""

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", HTTP_TIMEOUT_S)
        return super().request(*args, **kwargs)


def http_session() -> requests.Session:
    """The session for keyset fetches and grade passback (tests replace this function with a fake)."""
    session = TimeoutSession()
    session.headers["User-Agent"] = "Unwind-LTI (PyLTI1p3)"
    return session


def registration(platform: LtiPlatform) -> Registration:
    """PyLTI1p3's view of a platform row."""
    return (Registration().set_issuer(platform.issuer).set_client_id(platform.client_id)
            .set_auth_login_url(platform.auth_login_url).set_auth_token_url(platform.auth_token_url)
            .set_auth_audience(platform.auth_audience or None).set_key_set_url(platform.key_set_url or None)
            .set_key_set(platform.key_set or None).set_tool_private_key(platform.tool_private_key)
            .set_tool_public_key(platform.tool_public_key))


def find_platform(iss: str, client_id: str | None) -> LtiPlatform:
    """The active registration for (iss, client_id); without a client id, the issuer's only one."""
    candidates = LtiPlatform.objects.filter(issuer=iss, is_active=True)
    if client_id:
        candidates = candidates.filter(client_id=client_id)
    found = list(candidates[:2])
    if len(found) != 1:
        client = f" and client id {client_id!r}" if client_id else ""
        raise LtiException(f"No LTI platform is registered in Unwind with issuer {iss!r}{client}.")
    return found[0]


class UnwindToolConf(ToolConfAbstract):
    """Registrations from the database; an issuer may register Unwind more than once (several client ids)."""

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss: str, *args, **kwargs) -> Registration:
        return registration(find_platform(iss, None))

    def find_registration_by_params(self, iss: str, client_id: str, *args, **kwargs) -> Registration:
        return registration(find_platform(iss, client_id))

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(self, iss: str, deployment_id: str, client_id: str | None, *args,
                                  **kwargs) -> Deployment | None:
        platform = find_platform(iss, client_id)
        if deployment_id not in platform.deployment_id_list:
            raise LtiException(f"Deployment {deployment_id!r} is not registered for {platform.name} in Unwind "
                               "(an admin adds it to the platform's deployment ids).")
        return Deployment().set_deployment_id(deployment_id)

    def get_jwks(self, iss: str | None = None, client_id: str | None = None, **kwargs) -> dict:
        """Every active platform's tool key (one key set serves all registrations)."""
        pems = LtiPlatform.objects.filter(is_active=True).order_by("pk").values_list("tool_public_key", flat=True)
        return {"keys": [public_jwk(pem) for pem in dict.fromkeys(pems) if pem]}


class DbLaunchStorage(LaunchDataStorage):
    """PyLTI1p3's key-value launch storage in LtiLaunchValue rows, with expiry.

    Over HTTPS the library sets its own session-id cookie (SameSite=None, Secure) and prefixes every key
    with it, binding a nonce to the browser that logged in; over plain HTTP (development) it cannot set
    such a cookie, so the keys are global, as with the library's own cache storage.
    """

    def get_session_cookie_name(self) -> str | None:
        if self._request is None or not self._request.is_secure():
            return None
        return super().get_session_cookie_name()

    def can_set_keys_expiration(self) -> bool:
        return True

    def get_value(self, key: str):
        row = LtiLaunchValue.objects.filter(key=self._prepare_key(key), expires_at__gt=timezone.now()).first()
        return None if row is None else row.value

    def set_value(self, key: str, value, exp: int | None = None) -> None:
        expires_at = timezone.now() + dt.timedelta(seconds=exp or LAUNCH_DATA_LIFETIME_S)
        LtiLaunchValue.objects.update_or_create(key=self._prepare_key(key),
                                                defaults={"value": value, "expires_at": expires_at})

    def check_value(self, key: str) -> bool:
        return LtiLaunchValue.objects.filter(key=self._prepare_key(key), expires_at__gt=timezone.now()).exists()

    def consume(self, key: str) -> bool:
        """Delete the key and say whether it was there: of two concurrent uses, exactly one wins."""
        deleted, _ = LtiLaunchValue.objects.filter(key=self._prepare_key(key),
                                                   expires_at__gt=timezone.now()).delete()
        return deleted > 0


def forget_expired() -> None:
    """Drop expired launch values (called at each login; the table stays small)."""
    LtiLaunchValue.objects.filter(expires_at__lte=timezone.now()).delete()


class OneTimeNonceSessionService(DjangoSessionService):
    """The library checks that a nonce was issued but keeps it: a replayed id_token would pass. Use it up."""

    def check_nonce(self, nonce: str) -> bool:
        storage = self.data_storage
        if isinstance(storage, DbLaunchStorage):
            return storage.consume(self._get_key("nonce", nonce))
        return super().check_nonce(nonce)


def oidc_login(request) -> DjangoOIDCLogin:
    login = DjangoOIDCLogin(request, UnwindToolConf(), session_service=OneTimeNonceSessionService(request))
    login.set_launch_data_storage(DbLaunchStorage()).set_launch_data_lifetime(LAUNCH_DATA_LIFETIME_S)
    return login


class UnwindLaunch(DjangoMessageLaunch):
    """A message launch whose id_token must carry exp and iat, and whose audience is checked in full."""

    def __init__(self, request):
        storage = DbLaunchStorage()
        super().__init__(request, UnwindToolConf(), session_service=OneTimeNonceSessionService(request),
                         launch_data_storage=storage, requests_session=http_session())
        self.set_launch_data_lifetime(LAUNCH_DATA_LIFETIME_S)
        self.set_public_key_caching(storage, cache_lifetime=KEYSET_CACHE_S)
        # The library checks aud through the registration lookup (aud must be a registered client id);
        # PyJWT checks the signature, exp and iat.
        self.set_jwt_verify_options({"verify_aud": False, "require": ["exp", "iat"]})

    def validate_registration(self):
        """With several audiences, OIDC requires azp to name the client the token is for."""
        super().validate_registration()
        aud = self._get_jwt_body().get("aud")
        if isinstance(aud, list) and len(aud) > 1 and self._get_jwt_body().get("azp") != self.get_client_id():
            raise LtiException("The id_token has several audiences and no azp naming this tool's client id.")
        return self

    def platform(self) -> LtiPlatform:
        return find_platform(self.get_iss(), self.get_client_id())
