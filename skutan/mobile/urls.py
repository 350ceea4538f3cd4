from django.urls import path

from skutan.mobile import views

app_name = "mobile"

urlpatterns = [
    path("", views.day, name="day"),
    path("uppdrag/", views.assignments, name="assignments"),
    path("kapacitet/", views.capacity, name="capacity"),
    path("nytt/<int:case_id>/", views.assignment_new, name="assignment_new"),
    path("uppdrag/<int:mobile_assignment_id>/", views.assignment, name="assignment"),
    path("uppdrag/<int:mobile_assignment_id>/planera/", views.visit_plan, name="visit_plan"),
    path("uppdrag/<int:mobile_assignment_id>/besok/", views.visit_record, name="visit_record"),
    path("besok/<int:mobile_visit_id>/signera/", views.visit_sign, name="visit_sign"),
    path("eskalering/<int:mobile_escalation_id>/kvittera/", views.escalation_acknowledge,
         name="escalation_acknowledge"),
]
