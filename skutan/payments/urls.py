from django.urls import path

from skutan.payments import views

app_name = "payments"
urlpatterns = [
    path("", views.index, name="index"),
    path("korningar/ny/", views.run_create, name="run_create"),
    path("korningar/<int:run_id>/", views.run_detail, name="run_detail"),
    path("korningar/<int:run_id>/forlopp/", views.run_progress, name="run_progress"),
    path("korningar/<int:run_id>/steg/", views.run_step, name="run_step"),
    path("korningar/<int:run_id>/fil/", views.run_file, name="run_file"),
    path("korningar/<int:run_id>/skickad/", views.run_sent, name="run_sent"),
    path("<int:payment_id>/", views.payment_detail, name="payment_detail"),
    path("<int:payment_id>/status/", views.payment_status, name="payment_status"),
    path("<int:payment_id>/aterforing/", views.payment_reverse, name="payment_reverse"),
    path("konto/<int:person_id>/", views.payee_account, name="payee_account"),
    path("konto/<int:person_id>/<int:account_id>/verifiera/", views.payee_account_verify, name="payee_account_verify"),
]
