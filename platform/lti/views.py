"""The LTI 1.3 endpoints: OIDC login initiation, the launch, the tool's public keys, and the page where an
instructor connects a new course link to one of their Unwind assignments."""

from __future__ import annotations

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pylti1p3.exception import LtiException, OIDCException

from lti import records, tool
from lti.models import LtiResourceLink
from teaching.access import instructor_required, my_assignments

# The Content-Security-Policy's counterpart of @xframe_options_exempt: no frame-ancestors directive.
MAY_BE_FRAMED = csp_replace({"frame-ancestors": None})

# Links the signed-in instructor launched as the course's instructor, so may connect to an assignment.
MAPPABLE_LINKS = "lti_mappable_links"

# The library's messages that mean a malformed request (400) rather than a refused one (403), and plain
# words for the refusals people meet in practice.
MALFORMED = ("Missing", "Invalid id_token", "Invalid JWT format", '"nonce" is empty', "Could not find issuer",
             "Could not find login hint", "Invalid message type", "Unrecognized message type",
             "Message validation failed", "deployment_id is not set")
EXPLAINED = {
    "Missing %s cookie": "The launch came without the cookie Unwind set when the login started (the browser "
                         "blocks third-party cookies, or the activity opened inside a frame). Open it in a new "
                         "window.",
    "Invalid Nonce": "This launch was already used or has expired (its nonce was not issued by Unwind, or was "
                     "used already). Open the activity again from your course.",
    "State not found": "This launch does not match the login that started it (the state cookie is missing: "
                       "cookies blocked, or the launch is stale). Open the activity again from your course.",
    "Can't decode id_token": "The id_token's signature, expiry or issue time does not verify with the "
                             "platform's keys.",
    "Unable to find public key": "The platform's keyset has no key matching the id_token's key id.",
    "Client id not registered": "The id_token is for another tool (its audience is not this registration's "
                                "client id).",
}


def _refuse(request, exc: Exception | str, status: int | None = None) -> HttpResponse:
    detail = str(exc)
    if status is None:
        status = 400 if detail.startswith(MALFORMED) else 403
    explanation = next((text for prefix, text in EXPLAINED.items() if detail.startswith(prefix)), "")
    return render(request, "lti/refused.html", {"detail": detail, "explanation": explanation}, status=status)


@csrf_exempt  # the platform posts here cross-site; the login's state and nonce protect it instead
@xframe_options_exempt
@MAY_BE_FRAMED
@require_http_methods(["GET", "POST"])
def login(request):
    """Third-party initiated login: check the platform is registered, then send the browser to its
    authentication endpoint with a fresh state (a cookie) and nonce (stored), to come back to /lti/launch/."""
    tool.forget_expired()
    try:
        return tool.oidc_login(request).redirect(request.build_absolute_uri(reverse("lti:launch")))
    except (LtiException, OIDCException) as exc:
        return _refuse(request, exc)


@csrf_exempt  # a cross-site form POST from the platform; the signed id_token, state and nonce protect it
@xframe_options_exempt  # so that a refusal can be read inside the LMS page; Unwind's own pages stay DENY
@MAY_BE_FRAMED
@require_POST
def launch(request):
    """Validate the id_token, sign the person in, and take them to the assignment the link is mapped to."""
    if request.headers.get("Sec-Fetch-Dest") == "iframe":
        # Unwind's pages refuse to be framed, and a framed site gets no cookies in most browsers anyway.
        return _refuse(request, "Unwind opens in its own window, not inside the course page. Ask the LMS admin to "
                                "open the tool in a new window (Moodle: launch container 'New window'; Canvas: "
                                "the placement's window target '_blank').", status=400)
    try:
        message = tool.UnwindLaunch(request)  # over HTTPS this already needs the login's session-id cookie
        claims = message.get_launch_data()
        platform = message.platform()
    except (LtiException, OIDCException) as exc:
        return _refuse(request, exc)
    if not message.is_resource_launch():
        return _refuse(request, "Unwind accepts resource link launches only (LtiResourceLinkRequest); deep "
                                "linking and other message types are not supported yet.", status=400)
    if not claims.get("sub"):
        return _refuse(request, "Anonymous launches (no sub claim) are not supported: Unwind needs to know "
                                "who the learner is to keep their work and send their score.", status=400)
    teaches = message.check_teacher_access()
    with transaction.atomic():
        user = records.user_for_launch(platform, claims, teaches)
        link = records.link_for_launch(platform, claims)
    if not user.is_active:
        return _refuse(request, "This Unwind account is deactivated; ask an Unwind admin.", status=403)
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if teaches:
        return _instructor_landing(request, user, link)
    if link.assignment_id is None:
        return render(request, "lti/not_ready.html", {"link": link})
    records.enrol(link, platform, user, claims["sub"])
    return redirect(reverse("teaching:my_assignments") + f"#a-{link.assignment_id}")


def _instructor_landing(request, user, link: LtiResourceLink):
    """The course's instructor connects a new link, or reads the gradebook of a connected one."""
    if not user.is_instructor:
        return _refuse(request, "You launched this activity as the course's instructor, but your Unwind account "
                                "is a learner account. Ask an Unwind admin to make it an instructor.", status=403)
    request.session[MAPPABLE_LINKS] = sorted({*request.session.get(MAPPABLE_LINKS, []), link.pk})
    if link.assignment_id is None:
        return redirect("lti:map_link", link.pk)
    if my_assignments(user).filter(pk=link.assignment_id).exists():
        return redirect("teaching:gradebook", link.assignment_id)
    messages.info(request, "This course link is connected to an assignment another instructor owns.")
    return redirect("teaching:home")


@instructor_required
def map_link(request, pk: int):
    """Connect a course link to one of the instructor's assignments (only after launching it as instructor)."""
    link = get_object_or_404(LtiResourceLink.objects.select_related("platform", "assignment"), pk=pk)
    if pk not in request.session.get(MAPPABLE_LINKS, []) and not request.user.is_site_admin:
        raise PermissionDenied("Open this activity from your course, as its instructor, to connect it.")
    choices = my_assignments(request.user)
    if request.method == "POST":
        chosen = choices.filter(pk=int(request.POST.get("assignment") or 0)).first()
        if chosen is None:
            messages.error(request, "Choose one of your assignments.")
        else:
            link.assignment = chosen
            link.save(update_fields=["assignment"])
            messages.success(request, f"“{link}” now opens {chosen}; learners' scores go back to the course.")
            return redirect("teaching:gradebook", chosen.pk)
    return render(request, "lti/map_link.html", {"link": link, "assignments": choices})


@require_GET
def jwks(request):
    """The tool's public keys, which platforms use to verify Unwind's token requests (grade passback)."""
    response = JsonResponse(tool.UnwindToolConf().get_jwks())
    response["Cache-Control"] = "public, max-age=300"
    return response
