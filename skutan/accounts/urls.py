from django.urls import path

from skutan.accounts import oidc, views, views_account

app_name = "accounts"
urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", oidc.SkutanLogoutView.as_view(), name="logout"),
    path("", views_account.account, name="account"),
    path("api-nycklar/", views_account.tokens, name="tokens"),
    path("api-nycklar/<int:token_id>/sparra/", views_account.token_revoke, name="token_revoke"),
    path("sessioner/", views_account.session_list, name="sessions"),
    path("sessioner/<int:session_id>/avsluta/", views_account.session_end, name="session_end"),
    path("sessioner/avsluta-andra/", views_account.session_end_others, name="session_end_others"),
    path("session/fortsatt/", views_account.session_keepalive, name="session_keepalive"),
    path("tvastegsverifiering/", views_account.otp_verify, name="otp_verify"),
    path("tvastegsverifiering/aktivera/", views_account.otp_enrol, name="otp_enrol"),
    path("tvastegsverifiering/ta-bort/", views_account.otp_remove, name="otp_remove"),
    path("oidc/logga-in/", oidc.OIDCStartView.as_view(), name="oidc_login"),
    path("oidc/callback/", oidc.OIDCCallbackView.as_view(), name="oidc_callback"),
]
