from django.contrib.auth import views as auth_views

from skutan.accounts.forms import LockoutAuthenticationForm
from skutan.accounts.services import login_success_register


class LoginView(auth_views.LoginView):
    form_class = LockoutAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        login_success_register(user=form.get_user())
        return super().form_valid(form)
