from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from skutan.accounts.services import login_failure_register

INVALID_LOGIN = "Fel användarnamn eller lösenord."


class LoginForm(AuthenticationForm):
    """Django's login form with one Swedish answer for every failure.

    An unknown username, a wrong password and an inactive account all give the same message, so the form
    never says which usernames exist. Throttling is django-axes' (skutan/accounts/throttle.py).
    """

    error_messages = {"invalid_login": INVALID_LOGIN, "inactive": INVALID_LOGIN}

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if self.cleaned_data.get("username"):
                login_failure_register(username=self.cleaned_data["username"])
            raise
