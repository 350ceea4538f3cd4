from django.urls import path

from skutan.adults import views

app_name = "adults"

urlpatterns = [
    path("", views.board, name="board"),
    path("ny/<int:person_id>/", views.case_new, name="case_new"),
    path("arende/<int:adult_case_id>/", views.case, name="case"),
    path("arende/<int:adult_case_id>/<slug:adult_action>/", views.case_action, name="case_action"),
    path("arende/<int:adult_case_id>/insatser/<int:insats_id>/brev.pdf", views.insats_letter, name="insats_letter"),
    path("arende/<int:adult_case_id>/insatser/<int:insats_id>/brev/skickat/", views.insats_letter_sent,
         name="insats_letter_sent"),
    path("person/<int:person_id>/samordning/", views.coordination_request, name="coordination_request"),
    path("samordning/<int:coordination_id>/svara/", views.coordination_answer, name="coordination_answer"),
]
