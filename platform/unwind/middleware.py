"""Site-wide response hardening that Django's settings cannot express on their own."""

from __future__ import annotations


class SecureCookiesOverHttps:
    """Marks every cookie a response sets `Secure` when the request came over https.

    SESSION_COOKIE_SECURE and CSRF_COOKIE_SECURE are all-or-nothing settings (on in production only);
    this covers any site served over https, also without UNWIND_PRODUCTION, while plain-http development
    keeps working. `request.is_secure()` honours SECURE_PROXY_SSL_HEADER, so behind a TLS proxy the
    proxy's header counts only when that setting names it. First in MIDDLEWARE: it sees the response
    last, after the session and CSRF middleware have set their cookies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.is_secure():
            for morsel in response.cookies.values():
                morsel["secure"] = True
        return response
