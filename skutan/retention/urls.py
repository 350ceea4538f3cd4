from django.urls import path

from skutan.retention import views

app_name = "retention"
urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("<int:purge_plan_id>/", views.plan_detail, name="plan"),
    path("registerutdrag/", views.extract_find, name="extract_find"),
    path("registerutdrag/<int:subject_person_id>/", views.extract_person, name="extract"),
    path("registerutdrag/<int:subject_person_id>/pdf/", views.extract_pdf, name="extract_pdf"),
    path("bevarande/<int:subject_person_id>/", views.marks, name="marks"),
    path(
        "bevarande/<int:subject_person_id>/<int:retention_mark_id>/aterkalla/", views.mark_withdraw,
        name="mark_withdraw",
    ),
    path("begaran/<int:subject_request_id>/", views.request_detail, name="request"),
    path("begaran/<int:subject_request_id>/svar/", views.request_letter, name="request_letter"),
]
