from django.urls import path

from skutan.children import views

app_name = "children"
urlpatterns = [
    path("frister/", views.deadline_board, name="board"),
    path("frister/fordela/<int:case_id>/", views.board_reassign, name="board_reassign"),
    path("orosanmalningar/ny/", views.report_new, name="report_new"),
    path("orosanmalningar/export.csv", views.report_export, name="report_export"),
    path("orosanmalningar/ny/<int:person_id>/", views.report_new, name="report_new_for_person"),
    path("orosanmalningar/<int:report_id>/", views.report_detail, name="report_detail"),
    path("orosanmalningar/<int:report_id>/skyddsbedomning/", views.protection_new, name="protection_new"),
    path("orosanmalningar/<int:report_id>/forhandsbedomning/", views.preliminary_new, name="preliminary_new"),
    path("orosanmalningar/<int:report_id>/forlangning/", views.preliminary_extend, name="preliminary_extend"),
    path("orosanmalningar/<int:report_id>/enskilt-samtal/", views.conversation_new, name="conversation_new"),
    path("orosanmalningar/<int:report_id>/identifiera/", views.report_link_child, name="report_link_child"),
    path("utredningar/<int:investigation_id>/", views.investigation_detail, name="investigation_detail"),
    path("utredningar/<int:investigation_id>/bbic/", views.investigation_bbic_save, name="investigation_bbic"),
    path("utredningar/<int:investigation_id>/samrad/", views.investigation_consultation_new,
         name="investigation_consultation"),
    path("utredningar/<int:investigation_id>/forlangning/", views.investigation_extend, name="investigation_extend"),
    path("utredningar/<int:investigation_id>/avsluta/", views.investigation_close, name="investigation_close"),
    path("utredningar/<int:investigation_id>/insats/", views.intervention_new, name="intervention_new"),
    path("insatser/<int:intervention_id>/", views.intervention_detail, name="intervention_detail"),
    path("insatser/<int:intervention_id>/uppfoljning/", views.intervention_follow_up_plan,
         name="intervention_follow_up_plan"),
    path("insatser/<int:intervention_id>/uppfoljning/<int:follow_up_id>/", views.intervention_follow_up_done,
         name="intervention_follow_up_done"),
    path("insatser/<int:intervention_id>/avsluta/", views.intervention_end, name="intervention_end"),
    path("arende/<int:case_id>/", views.case_overview, name="case_overview"),
]
