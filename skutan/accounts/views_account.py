"""The user's own security pages under /konto/: API keys, active sessions, two-factor authentication.

Kept apart from views.py (the password login form), so the login form and these pages can change
independently.
"""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from skutan.accounts import otp, selectors, services, sessions
from skutan.core.errors import ApplicationError
from skutan.core.forms import DateInput
from skutan.core.web import staff_view

# overview --------------------------------------------------------------------------------------


@login_required
def account(request):
    return render(request, "accounts/account.html", {
        "has_2fa": otp.totp_device_confirmed(user=request.user) is not None,
        "session_count": sessions.user_sessions_active(user=request.user).count(),
    })


# API keys --------------------------------------------------------------------------------------


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Namn (vad nyckeln används till)"), max_length=100, required=False)
    expires = forms.DateField(
        label=gettext_lazy("Giltig till och med"), required=False, widget=DateInput(),
        help_text=gettext_lazy("Lämna tomt för en nyckel som gäller tills du spärrar den."),
    )

    def clean_expires(self):
        value = self.cleaned_data.get("expires")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(gettext("Slutdatumet måste ligga i framtiden."))
        return value


def _tokens_page(request, *, form=None, new_key=None, status=200):
    admin = selectors.user_is_system_admin(user=request.user)
    return render(request, "accounts/tokens.html", {
        "form": form or TokenCreateForm(),
        "new_key": new_key,
        "own": list(selectors.api_tokens_visible_to(user=request.user)),
        "all_tokens": list(selectors.api_tokens_visible_to(user=request.user, all_users=True)) if admin else None,
    }, status=status)


@staff_view
def tokens(request):
    if request.method != "POST":
        return _tokens_page(request)
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, form=form, status=400)
    last_day = form.cleaned_data["expires"]
    try:
        _, key = services.api_token_create(
            user=request.user, actor=request.user, name=form.cleaned_data["name"],
            expires_at=services.api_token_expiry_from_date(last_day=last_day) if last_day else None,
        )
    except ApplicationError as exc:
        form.add_error("expires" if exc.field == "expires_at" else exc.field, exc.message)
        return _tokens_page(request, form=form, status=400)
    # Shown once, on this response only; never stored in the session or the database.
    return _tokens_page(request, new_key=key)


@staff_view
@require_POST
def token_revoke(request, token_id: int):
    token = selectors.api_token_get_for_user(user=request.user, token_id=token_id)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, gettext("API-nyckeln %(prefix)s… är spärrad.") % {"prefix": token.prefix})
    return redirect("accounts:tokens")


# sessions --------------------------------------------------------------------------------------


@login_required
def session_list(request):
    return render(request, "accounts/sessions.html", {
        "sessions": list(sessions.user_sessions_active(user=request.user)),
        "current_key": request.session.session_key,
    })


@staff_view
@require_POST
def session_end(request, session_id: int):
    row = sessions.user_session_get_own(user=request.user, session_id=session_id)
    sessions.user_session_end(actor=request.user, row=row, reason="ended")
    if row.session_key == request.session.session_key:
        logout(request)
        return redirect("accounts:login")
    messages.success(request, gettext("Sessionen är avslutad."))
    return redirect("accounts:sessions")


@login_required
@require_POST
def session_end_others(request):
    count = sessions.user_sessions_end_all(
        actor=request.user, user=request.user, reason="ended", except_key=request.session.session_key
    )
    messages.success(request, ngettext(
        "En annan session avslutad.", "%(count)s andra sessioner avslutade.", count
    ) % {"count": count})
    return redirect("accounts:sessions")


@require_POST
def session_keepalive(request):
    """The banner's "Fortsätt arbeta": the middleware has already counted this request as activity."""
    row = getattr(request, "skutan_session", None)
    if not request.user.is_authenticated or row is None:
        return JsonResponse({"detail": "Du är utloggad."}, status=401)
    return JsonResponse({"remaining": sessions.session_remaining_seconds(row=row),
                         "renewable": sessions.session_renewable(row=row)})


# two-factor ------------------------------------------------------------------------------------


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Engångskod (6 siffror)"), max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("core:home")


@login_required
def otp_enrol(request):
    # Replacing an enrolled app needs this session to have passed it first: otherwise a stolen password
    # alone could enrol the thief's phone.
    if otp.totp_device_confirmed(user=request.user) is not None and not request.user.is_verified():
        return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': request.get_full_path()})}")
    device = otp.totp_enrolment_start(user=request.user)
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                otp.totp_enrolment_confirm(request=request, user=request.user, token=form.cleaned_data["token"])
            except ApplicationError as exc:
                form.add_error("token", exc.message)
            else:
                messages.success(request, gettext("Tvåstegsverifiering är aktiverad. Nästa gång du loggar in med lösenord "
                                          "frågar Skutan efter en kod från appen."))
                return redirect(_safe_next(request))
        status = 400
    return render(request, "accounts/otp_enrol.html", {
        "form": form, "secret": otp.totp_secret_base32(device=device), "otpauth_uri": device.config_url,
        "next": request.GET.get("next", ""), "required": settings.SKUTAN_REQUIRE_2FA,
        "has_device": otp.totp_device_confirmed(user=request.user) is not None,
    }, status=status)


@login_required
def otp_verify(request):
    if otp.totp_device_confirmed(user=request.user) is None:
        return redirect(f"{reverse('accounts:otp_enrol')}?{urlencode({'next': _safe_next(request)})}")
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                otp.totp_login_verify(request=request, user=request.user, token=form.cleaned_data["token"])
            except ApplicationError as exc:
                form.add_error("token", exc.message)
            else:
                return redirect(_safe_next(request))
        status = 400
    return render(request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")},
                  status=status)


@login_required
@require_POST
def otp_remove(request):
    if otp.totp_device_confirmed(user=request.user) is not None and not request.user.is_verified():
        return redirect("accounts:otp_verify")
    if settings.SKUTAN_REQUIRE_2FA:
        messages.error(request, gettext("Tvåstegsverifiering krävs och kan inte stängas av. Aktivera en ny app i stället."))
        return redirect("accounts:account")
    otp.totp_device_remove(actor=request.user, user=request.user)
    messages.success(request, gettext("Tvåstegsverifiering är borttagen."))
    return redirect("accounts:account")
