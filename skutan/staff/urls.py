from django.urls import path

from skutan.staff import views

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("besok/ny/<int:person_id>/", views.visit_new, name="visit_new"),
    path("besok/<int:visit_id>/", views.visit, name="visit"),
    path("besok/<int:visit_id>/<slug:action>/", views.visit_action, name="visit_action"),
    path("larm/", views.alarms, name="alarms"),
    path("markering/ny/<int:person_id>/", views.marker_new, name="marker_new"),
    path("markering/<int:marker_id>/omprova/", views.marker_review, name="marker_review"),
    path("hot-och-vald/", views.incidents, name="incidents"),
    path("hot-och-vald/<int:incident_id>/", views.incident, name="incident"),
    path("hot-och-vald/statistik/", views.incident_statistics, name="incident_statistics"),
    path("arbetsbelastning/", views.workload, name="workload"),
    path("enhet/", views.unit_dashboard, name="unit_dashboard"),
    path("medarbetare/<int:user_id>/", views.member, name="member"),
]
