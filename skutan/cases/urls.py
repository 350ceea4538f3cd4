from django.urls import path

from skutan.cases import views

app_name = "cases"
urlpatterns = [
    path("mina/", views.my_cases, name="mine"),
    path("enhet/", views.unit_board, name="unit_board"),
    path("ny/<int:person_id>/", views.case_open, name="open"),
    path("nodatkomst/<int:person_id>/", views.emergency_access, name="emergency"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/journal/", views.journal_save, name="journal_save"),
    path("<int:case_id>/journal/<int:entry_id>/ratta/", views.journal_correct, name="journal_correct"),
    path("<int:case_id>/journal/<int:entry_id>/ta-bort/", views.journal_draft_delete, name="journal_draft_delete"),
    path("<int:case_id>/fordela/", views.case_allocate, name="allocate"),
    path("<int:case_id>/avsluta/", views.case_close, name="close"),
    path("<int:case_id>/hushall/", views.case_household_link, name="household_link"),
]
