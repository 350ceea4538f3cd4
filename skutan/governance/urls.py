from django.urls import path

from skutan.governance import views

app_name = "governance"

urlpatterns = [
    path("", views.board, name="board"),
    path("moten/ny/", views.meeting_new, name="meeting_new"),
    path("moten/<int:meeting_id>/", views.meeting, name="meeting"),
    path("moten/<int:meeting_id>/protokoll.pdf", views.meeting_pdf, name="meeting_pdf"),
    path("moten/<int:meeting_id>/<slug:action>/", views.meeting_action, name="meeting_action"),
    path("punkter/<int:agenda_item_id>/anteckning/", views.item_minutes, name="item_minutes"),
    path("punkter/<int:agenda_item_id>/beslut/", views.item_decision, name="item_decision"),
    path("punkter/<int:agenda_item_id>/uppdrag/", views.item_assignment, name="item_assignment"),
    path("uppdrag/<int:assignment_id>/", views.assignment, name="assignment"),
    path("rutiner/", views.routine_list, name="routines"),
    path("rutiner/<int:routine_id>/", views.routine, name="routine"),
]
