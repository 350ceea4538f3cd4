"""Two-factor authentication for password logins: TOTP with django-otp (issue 8, part 6).

Anyone may enrol an authenticator app. Once enrolled, every password login asks for a one-time code
before any page opens. With ``SKUTAN_REQUIRE_2FA`` (production), a password login without an enrolled
device is sent to enrolment first. Logins through the municipality's identity provider are left to
the provider's own multi-factor policy.
"""

import functools
from base64 import b32encode
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from skutan.accounts.models import User
from skutan.accounts.sessions import auth_method_of
from skutan.audit.catalogue import EventType
from skutan.audit.services import audit_event_record
from skutan.core.errors import ApplicationError

DEVICE_NAME = "Autentiseringsapp"
WRONG_CODE = "Fel kod. Kontrollera att klockan i telefonen går rätt och försök igen."


# selectors -------------------------------------------------------------------------------------


def totp_device_confirmed(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_secret_base32(*, device: TOTPDevice) -> str:
    """The secret as the authenticator app wants it typed, in groups of four."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


# services --------------------------------------------------------------------------------------


@transaction.atomic
def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """An unconfirmed device for the enrolment page (the same one until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def totp_enrolment_confirm(*, request, user: User, token: str) -> TOTPDevice:
    """The first correct code confirms the device; older devices are replaced. The session counts as
    verified at once."""
    if totp_device_confirmed(user=user) is not None and not request.user.is_verified():
        raise ApplicationError(gettext("Ange först en kod från den app du redan har."), field="token")
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        raise ApplicationError(gettext("Starta aktiveringen igen."), field="token")
    if not device.verify_token(_clean(token)):
        raise ApplicationError(WRONG_CODE, field="token")
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_event_record(event_type=EventType.OTP_DEVICE_CONFIRMED, actor=user, obj=user)
    otp_login(request, device)
    return device


def totp_login_verify(*, request, user: User, token: str) -> TOTPDevice:
    """Check the second step of a password login. django-otp throttles repeated failures per device and
    refuses a code that was already used."""
    device = totp_device_confirmed(user=user)
    if device is None or not device.verify_token(_clean(token)):
        with transaction.atomic():
            audit_event_record(event_type=EventType.OTP_VERIFICATION_FAILED, actor=user, obj=user)
        raise ApplicationError(WRONG_CODE, field="token")
    otp_login(request, device)
    return device


@transaction.atomic
def totp_device_remove(*, actor: User | None, user: User) -> None:
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    if deleted:
        audit_event_record(event_type=EventType.OTP_DEVICE_REMOVED, actor=actor, obj=user)


def _clean(token: str) -> str:
    return "".join((token or "").split())


# middleware ------------------------------------------------------------------------------------


_NOT_NEEDED = "skutan_2fa_not_needed"


@functools.cache
def _exempt_paths() -> frozenset[str]:
    return frozenset(reverse(name) for name in (
        "accounts:otp_verify", "accounts:otp_enrol", "accounts:logout", "accounts:login",
        "accounts:session_keepalive",
    ))


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: a password session that still owes its second step reaches only
    the verification, enrolment and logout pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            request.session.get(SESSION_KEY)
            and not (request.session.get(_NOT_NEEDED) and not settings.SKUTAN_REQUIRE_2FA)
            and user.is_authenticated
            and not user.is_verified()
            and auth_method_of(request.session.get(BACKEND_SESSION_KEY, "")) == "password"
            and not request.path.startswith(("/static/", "/i18n/"))
            and request.path not in _exempt_paths()
            # A bearer token is checked by the API itself, whatever cookie the client also sends.
            and not request.headers.get("Authorization", "").startswith("Bearer ")
        ):
            has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            if has_device or settings.SKUTAN_REQUIRE_2FA:
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "Tvåstegsverifiering krävs: ange engångskoden först."},
                                        status=401)
                target = reverse("accounts:otp_verify" if has_device else "accounts:otp_enrol")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
            # No device and not required: this session needs no second step; skip the query from now on.
            request.session[_NOT_NEEDED] = True
        return self.get_response(request)
