from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from skutan.accounts.forms import LoginForm
from skutan.accounts.services import LOCKED_MESSAGE, login_lockout_register, login_success_register

LOCKED_STATUS = 429


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        login_success_register(user=form.get_user())
        return super().form_valid(form)


def _cool_off_minutes() -> int:
    """AXES_COOLOFF_TIME (from SKUTAN_LOGIN_LOCKOUT_MINUTES) in minutes, the time the lock really lasts."""
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): the login page with one Swedish message.

    The same page and status whether or not the username exists."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    login_lockout_register(username=username, ip_address=getattr(request, "axes_ip_address", None))
    form = LoginForm(request, initial={"username": username})
    return render(
        request, "accounts/login.html",
        {"form": form, "locked_message": LOCKED_MESSAGE.format(minutes=_cool_off_minutes()),
         "next": request.POST.get("next", "")},
        status=LOCKED_STATUS,
    )
