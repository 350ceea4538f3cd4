from django.urls import path

from skutan.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:referral_id>/skicka-tillbaka/", views.referral_return, name="return"),
]
