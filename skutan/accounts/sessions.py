"""Session hygiene (issue 8, part 7): idle and absolute timeouts, the last-login notice, and a list of
one's own sessions that can be ended.

Every logged-in browser session has a ``UserSession`` row keyed to Django's session key. The middleware
creates it when a login happens (whatever the backend: password, identity provider, or a test's
force_login), checks the timeouts before each request, and closes the row at logout. Ending a session
from the list deletes it from Django's session store, so that browser is logged out on its next request.
"""

import ipaddress
import math
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, logout
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from skutan.accounts.models import User, UserSession
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.errors import NotFoundError

REMAINING_HEADER = "X-Skutan-Session-Remaining"
_TRACKED = "skutan_session_tracked"  # the session key the row was made for (a new key after login)


OIDC_BACKEND = "skutan.accounts.oidc.SkutanOIDCBackend"


def auth_method_of(backend_path: str) -> str:
    """"oidc" only for Skutan's own OIDC backend; every other backend counts as a password login."""
    return "oidc" if backend_path == OIDC_BACKEND else "password"


def _client_ip(request) -> str | None:
    """The browser's address for the sessions page. Behind the municipality's reverse proxy REMOTE_ADDR is
    the proxy; with SKUTAN_TRUST_X_FORWARDED_FOR the last X-Forwarded-For entry (the one our own proxy
    appended, so a client cannot forge it) is used instead."""
    if settings.SKUTAN_TRUST_X_FORWARDED_FOR:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if forwarded:
            try:
                return str(ipaddress.ip_address(forwarded[-1]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None


# services --------------------------------------------------------------------------------------


@transaction.atomic
def user_session_start(*, user: User, session_key: str, user_agent: str, ip_address: str | None,
                       auth_method: str) -> tuple[UserSession, UserSession | None]:
    """Record a new login session. Returns the row and the user's previous session (for the notice)."""
    now = timezone.now()
    previous = UserSession.objects.filter(user=user).exclude(session_key=session_key).order_by("-created_at").first()
    row, _ = UserSession.objects.update_or_create(
        session_key=session_key,
        defaults={"user": user, "created_at": now, "last_seen_at": now, "user_agent": user_agent[:300],
                  "ip_address": ip_address, "auth_method": auth_method, "ended_at": None, "end_reason": ""},
    )
    return row, previous


def user_session_touch(*, row: UserSession, force: bool = False) -> None:
    now = timezone.now()
    if force or (now - row.last_seen_at).total_seconds() >= settings.SKUTAN_SESSION_TOUCH_SECONDS:
        UserSession.objects.filter(pk=row.pk).update(last_seen_at=now)
        row.last_seen_at = now


def _session_store_delete(session_key: str) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    store(session_key=session_key).delete()


@transaction.atomic
def user_session_end(*, actor: User | None, row: UserSession, reason: str) -> UserSession:
    """End a session: its browser is logged out on its next request. ``reason``: ended, logout, idle,
    absolute, deactivated."""
    row = UserSession.objects.select_for_update().get(pk=row.pk)
    if row.ended_at is None:
        row.ended_at = timezone.now()
        row.end_reason = reason
        row.save(update_fields=["ended_at", "end_reason"])
        if reason != "logout":
            audit_event_record(
                event_type=EventType.USER_LOGGED_OUT_TIMEOUT if reason in ("idle", "absolute")
                else EventType.USER_SESSION_ENDED,
                actor=actor, obj=row.user, data={"session_id": row.pk, "reason": reason},
            )
    transaction.on_commit(lambda: _session_store_delete(row.session_key))
    return row


def user_sessions_end_all(*, actor: User | None, user: User, reason: str = "deactivated",
                          except_key: str | None = None) -> int:
    """End every active session of a user (deactivation, "log out everywhere else")."""
    rows = list(UserSession.objects.filter(user=user, ended_at__isnull=True).exclude(session_key=except_key or ""))
    for row in rows:
        user_session_end(actor=actor, row=row, reason=reason)
    return len(rows)


# selectors -------------------------------------------------------------------------------------


def user_sessions_active(*, user: User) -> QuerySet[UserSession]:
    """The user's own sessions that still work: not ended and within both timeouts."""
    now = timezone.now()
    return UserSession.objects.filter(
        user=user, ended_at__isnull=True,
        last_seen_at__gt=now - timedelta(seconds=settings.SKUTAN_SESSION_IDLE_SECONDS),
        created_at__gt=now - timedelta(seconds=settings.SKUTAN_SESSION_ABSOLUTE_SECONDS),
    ).order_by("-last_seen_at")


def user_session_get_own(*, user: User, session_id: int) -> UserSession:
    row = user_sessions_active(user=user).filter(pk=session_id).first()
    if row is None:
        raise NotFoundError(gettext("Sessionen finns inte eller är redan avslutad."))
    return row


def session_remaining_seconds(*, row: UserSession) -> int:
    """Seconds until the idle (or absolute, if sooner) logout, as the server counts them."""
    now = timezone.now()
    idle = settings.SKUTAN_SESSION_IDLE_SECONDS - (now - row.last_seen_at).total_seconds()
    absolute = settings.SKUTAN_SESSION_ABSOLUTE_SECONDS - (now - row.created_at).total_seconds()
    return max(0, int(min(idle, absolute)))


# middleware ------------------------------------------------------------------------------------


def _timeout_message(reason: str) -> str:
    if reason == "idle":
        minutes = max(1, math.ceil(settings.SKUTAN_SESSION_IDLE_SECONDS / 60))
        unit = "minut" if minutes == 1 else "minuter"
        return (gettext(
            "Du har loggats ut efter %(minutes)s %(unit)s utan aktivitet. Logga in igen för att fortsätta; "
            "text som sparats som utkast finns kvar."
        ) % {"minutes": minutes, "unit": unit})
    if reason == "absolute":
        hours = max(1, round(settings.SKUTAN_SESSION_ABSOLUTE_SECONDS / 3600))
        return f"Du har loggats ut eftersom du har varit inloggad i {hours} timmar. Logga in igen."
    return "Sessionen har avslutats. Logga in igen."


class SessionHygieneMiddleware:
    """After AuthenticationMiddleware (and django-otp's). Bearer-token API calls carry no session and are
    not affected: their token is checked on each request instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key_before = request.session.session_key
        authed_before = bool(request.session.get(SESSION_KEY)) and request.user.is_authenticated
        row = None
        if authed_before:
            row = UserSession.objects.filter(session_key=key_before).first()
            if row is None:  # a session from before this feature, or a test's force_login
                row, _ = user_session_start(
                    user=request.user, session_key=key_before,
                    user_agent=request.META.get("HTTP_USER_AGENT", ""), ip_address=_client_ip(request),
                    auth_method=auth_method_of(request.session.get(BACKEND_SESSION_KEY, "")),
                )
                request.session[_TRACKED] = key_before
            reason = self._expired(row)
            if reason:
                if row.ended_at is None:
                    user_session_end(actor=None, row=row, reason=reason)
                logout(request)
                messages.warning(request, _timeout_message(reason))
                authed_before, row = False, None
            else:
                # The banner's "Fortsätt arbeta" always counts; other requests at most once a minute.
                force = request.method == "POST" and request.path == reverse("accounts:session_keepalive")
                user_session_touch(row=row, force=force)
                request.skutan_session = row

        response = self.get_response(request)

        authed_after = bool(request.session.get(SESSION_KEY)) and request.user.is_authenticated
        key_after = request.session.session_key
        if authed_after and key_after and request.session.get(_TRACKED) != key_after:
            # A login happened in this request (Django gives the session a new key at login).
            row, previous = user_session_start(
                user=request.user, session_key=key_after,
                user_agent=request.META.get("HTTP_USER_AGENT", ""), ip_address=_client_ip(request),
                auth_method=auth_method_of(request.session.get(BACKEND_SESSION_KEY, "")),
            )
            request.session[_TRACKED] = key_after
            if previous is not None:
                when = timezone.localtime(previous.created_at).strftime("%Y-%m-%d %H:%M")
                messages.info(request, gettext("Senaste inloggning: %(when)s") % {"when": when})
            else:
                messages.info(request, gettext("Välkommen! Det här är din första inloggning i Skutan."))
        elif authed_before and not authed_after and row is not None:
            user_session_end(actor=None, row=row, reason="logout")
        if row is not None and authed_after:
            response.headers[REMAINING_HEADER] = str(session_remaining_seconds(row=row))
        return response

    @staticmethod
    def _expired(row: UserSession) -> str:
        if row.ended_at is not None:
            return "ended"
        now = timezone.now()
        if (now - row.created_at).total_seconds() > settings.SKUTAN_SESSION_ABSOLUTE_SECONDS:
            return "absolute"
        if (now - row.last_seen_at).total_seconds() > settings.SKUTAN_SESSION_IDLE_SECONDS:
            return "idle"
        return ""


def session_renewable(*, row: UserSession) -> bool:
    """Whether "Fortsätt arbeta" can help: not when the absolute timeout comes first."""
    now = timezone.now()
    idle = settings.SKUTAN_SESSION_IDLE_SECONDS - (now - row.last_seen_at).total_seconds()
    absolute = settings.SKUTAN_SESSION_ABSOLUTE_SECONDS - (now - row.created_at).total_seconds()
    return absolute > idle


def session_context(request) -> dict:
    """For base.html: seconds until idle logout and when to warn (the banner in static JS); for the login
    page: whether the identity provider's button is shown."""
    row = getattr(request, "skutan_session", None)
    if row is None:
        return {"oidc_enabled": bool(getattr(settings, "SKUTAN_OIDC_ENABLED", False))}
    return {
        "session_remaining": session_remaining_seconds(row=row),
        "session_renewable": session_renewable(row=row),
        "session_warning_seconds": settings.SKUTAN_SESSION_WARNING_SECONDS,
        "session_warning_minutes": max(1, math.ceil(settings.SKUTAN_SESSION_WARNING_SECONDS / 60)),
    }
