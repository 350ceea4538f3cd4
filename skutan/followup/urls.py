from django.urls import path

from skutan.followup import views

app_name = "followup"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("folkmangd/", views.population, name="population"),
    path("bygg-om/", views.refresh_start, name="refresh"),
    path("export/", views.export_start, name="export"),
    path("export/<int:followup_export_id>/", views.export_download, name="export_download"),
    path("langvariga/<int:followup_year>/", views.long_term_cases, name="long_term_cases"),
    path("kohorter/", views.cohort_list, name="cohorts"),
    path("kohorter/<int:cohort_programme_id>/", views.cohort_detail, name="cohort"),
    path("kohorter/<int:cohort_programme_id>/faststall/", views.cohort_freeze, name="cohort_freeze"),
    path("kohorter/<int:cohort_programme_id>/lagg-till/", views.cohort_member_add, name="cohort_member_add"),
    path("kohorter/<int:cohort_programme_id>/hushall/", views.cohort_members, name="cohort_members"),
    path("kohorter/<int:cohort_programme_id>/tabell.<str:export_format>", views.cohort_export, name="cohort_export"),
    path("kohorter/hushall/<int:cohort_member_id>/utfall/", views.cohort_outcome, name="cohort_outcome"),
    path("kohorter/hushall/<int:cohort_member_id>/insats/", views.cohort_effort, name="cohort_effort"),
    path("<slug:measure>.<str:export_format>", views.measure_export, name="measure_export"),
]
