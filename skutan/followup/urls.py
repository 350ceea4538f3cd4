from django.urls import path

from skutan.followup import views

app_name = "followup"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:measure>.csv", views.measure_csv, name="measure_csv"),
]
