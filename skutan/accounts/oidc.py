"""Login through the municipality's identity provider with OpenID Connect (mozilla-django-oidc).

The provider says who the person is; Skutan decides what they may do. A verified claim
(``SKUTAN_OIDC_MATCH_CLAIM``, e.g. ``email`` or ``employee_number``) is compared with one User field
(``SKUTAN_OIDC_MATCH_FIELD``: ``email`` or ``username``). A person without an active Skutan account is
refused with a Swedish message and never created: an account without units must not appear with
default access, and roles are given in Skutan by the systemförvaltare.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from skutan.accounts.identity import UNKNOWN_USER_MESSAGE, user_for_claims
from skutan.accounts.models import User
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.errors import AccessDeniedError

MISSING_CLAIM_MESSAGE = (
    "Kommunens inloggning skickade ingen uppgift som Skutan känner igen dig på. Kontakta systemförvaltaren."
)


def oidc_enabled() -> bool:
    return bool(getattr(settings, "SKUTAN_OIDC_ENABLED", False))


class SkutanOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with Skutan's matching: never creates users, never changes roles."""

    def verify_claims(self, claims):
        if str(claims.get(settings.SKUTAN_OIDC_MATCH_CLAIM) or "").strip():
            return True
        self._refuse(claims, MISSING_CLAIM_MESSAGE)
        return False

    def describe_user_by_claims(self, claims):
        return f"{settings.SKUTAN_OIDC_MATCH_CLAIM} {claims.get(settings.SKUTAN_OIDC_MATCH_CLAIM)}"

    def filter_users_by_claims(self, claims):
        self._names_updated = {}
        try:
            user = user_for_claims(
                claims=claims, username_claim=settings.SKUTAN_OIDC_MATCH_CLAIM,
                field=settings.SKUTAN_OIDC_MATCH_FIELD,
            )
        except AccessDeniedError as exc:
            self._refuse(claims, exc.message)
            return User.objects.none()
        self._names_updated = user.names_from_provider
        return User.objects.filter(pk=user.pk)

    def create_user(self, claims):
        """Never: unknown persons are refused (OIDC_CREATE_USER is False as well)."""
        self._refuse(claims, UNKNOWN_USER_MESSAGE)
        return None

    def update_user(self, user, claims):
        with transaction.atomic():
            data = {"method": "oidc"}
            if getattr(self, "_names_updated", None):
                data["names_from_provider"] = self._names_updated
            audit_event_record(event_type=EventType.USER_LOGGED_IN, actor=user, obj=user, data=data)
        return user

    def get_user(self, user_id):
        # mozilla-django-oidc's get_user does not check is_active: a deactivated user's session must end.
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def _refuse(self, claims, message: str) -> None:
        value = str(claims.get(settings.SKUTAN_OIDC_MATCH_CLAIM) or "")[:150]
        with transaction.atomic():
            audit_event_record(
                event_type=EventType.USER_LOGIN_REFUSED_OIDC, actor=None, object_type="accounts.user",
                data={"claim": settings.SKUTAN_OIDC_MATCH_CLAIM, "value": value},
            )
        request = getattr(self, "request", None)
        if request is not None and not getattr(request, "_skutan_oidc_refused", False):
            request._skutan_oidc_refused = True
            messages.error(request, message)


class OIDCStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider. 404 when OIDC is not configured."""

    def dispatch(self, request, *args, **kwargs):
        if not oidc_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        if oidc_enabled():
            super().__init__(*args, **kwargs)
        else:
            super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)


class OIDCCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back; failures land on the login page with a message."""

    def dispatch(self, request, *args, **kwargs):
        if not oidc_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def login_failure(self):
        if not getattr(self.request, "_skutan_oidc_refused", False):
            messages.error(self.request, gettext("Inloggningen via kommunens inloggning misslyckades. Försök igen."))
        return super().login_failure()


def provider_logout_url(request, id_token: str) -> str | None:
    """RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): where to send the browser after Skutan's own
    logout, so the municipality's login session ends too; None when the provider has no end_session_endpoint
    configured (SKUTAN_OIDC_END_SESSION_ENDPOINT) or the session did not start there."""
    from urllib.parse import urlencode

    from django.urls import reverse

    endpoint = getattr(settings, "SKUTAN_OIDC_END_SESSION_ENDPOINT", "")
    if not (oidc_enabled() and endpoint and id_token):
        return None
    query = urlencode({
        "id_token_hint": id_token, "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:login")),
    })
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


class SkutanLogoutView(View):
    """Django's logout (POST only), then, for a login through the municipality's provider, on to its
    end_session_endpoint so that the next person at the computer is not logged straight back in."""

    http_method_names = ["post", "options"]

    def post(self, request):
        id_token = request.session.get("oidc_id_token", "")
        auth_logout(request)
        target = provider_logout_url(request, id_token)
        return HttpResponseRedirect(target or resolve_url(settings.LOGOUT_REDIRECT_URL))


def discovery_settings(issuer: str, *, timeout: float = 10) -> dict[str, str]:
    """The SKUTAN_OIDC_* settings read from the provider's discovery document (OpenID Connect Discovery 1.0),
    checked: the issuer must be the one asked for, the endpoints Skutan needs must be there, RS256 offered."""
    import requests

    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=timeout)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ValueError(f"Kunde inte läsa {url}: {exc}") from exc
    if document.get("issuer", "").rstrip("/") != issuer.rstrip("/"):
        raise ValueError(f"Leverantören uppger utfärdaren {document.get('issuer')!r}, inte {issuer!r}.")
    needed = {"authorization_endpoint": "SKUTAN_OIDC_AUTHORIZATION_ENDPOINT", "token_endpoint":
              "SKUTAN_OIDC_TOKEN_ENDPOINT", "userinfo_endpoint": "SKUTAN_OIDC_USERINFO_ENDPOINT",
              "jwks_uri": "SKUTAN_OIDC_JWKS_ENDPOINT"}
    missing = [key for key in needed if not document.get(key)]
    if missing:
        raise ValueError(f"Discovery-dokumentet saknar {', '.join(missing)}.")
    algorithms = document.get("id_token_signing_alg_values_supported") or []
    if "RS256" not in algorithms:
        raise ValueError(f"Leverantören signerar inte med RS256 (erbjuder {', '.join(algorithms) or 'inget'}).")
    out = {name: document[key] for key, name in needed.items()}
    out["SKUTAN_OIDC_SIGN_ALGO"] = "RS256"
    if document.get("end_session_endpoint"):
        out["SKUTAN_OIDC_END_SESSION_ENDPOINT"] = document["end_session_endpoint"]
    return out
