from django.urls import path

from skutan.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.access_log_review, name="access_log"),
    path("handelser/", views.audit_events, name="events"),
    path("nodatkomst/<int:grant_id>/granska/", views.emergency_review, name="emergency_review"),
]
