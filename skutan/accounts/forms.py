from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm

from skutan.accounts.models import User
from skutan.accounts.services import LOCKED_MESSAGE, login_failure_register, user_is_locked


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing locked accounts and counting failures."""

    error_messages = {
        "invalid_login": "Fel användarnamn eller lösenord.",
        "inactive": "Kontot är inaktiverat.",
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data
        existing = User.objects.filter(username=username).first()
        if existing is not None and user_is_locked(user=existing):
            raise forms.ValidationError(
                LOCKED_MESSAGE.format(minutes=settings.SKUTAN_LOGIN_LOCKOUT_MINUTES), code="locked"
            )
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            user = login_failure_register(username=username)
            if user is not None and user_is_locked(user=user):
                raise forms.ValidationError(
                    LOCKED_MESSAGE.format(minutes=settings.SKUTAN_LOGIN_LOCKOUT_MINUTES), code="locked"
                )
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
