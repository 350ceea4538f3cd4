from django.urls import path

from skutan.cases import views, views_documents, views_journal, views_personakt, views_search

app_name = "cases"
urlpatterns = [
    path("mina/", views.my_cases, name="mine"),
    path("enhet/", views.unit_board, name="unit_board"),
    path("sok/", views_search.search, name="search"),
    path("ny/<int:person_id>/", views.case_open, name="open"),
    path("nodatkomst/<int:person_id>/", views.emergency_access, name="emergency"),
    path("personakt/<int:person_id>/", views_personakt.personakt, name="personakt"),
    path("journalmallar/", views_journal.journal_templates, name="journal_templates"),
    path("journalmallar/<int:journal_template_id>/", views_journal.journal_template_edit, name="journal_template"),
    path("handlingar/<int:document_id>/", views_documents.document_detail, name="document"),
    path("handlingar/<int:document_id>/fil/", views_documents.document_file, name="document_file"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/handlingar/", views_documents.case_documents, name="documents"),
    path("<int:case_id>/journal/", views.journal_save, name="journal_save"),
    path("<int:case_id>/journal/<int:entry_id>/ratta/", views.journal_correct, name="journal_correct"),
    path("<int:case_id>/journal/<int:entry_id>/ta-bort/", views.journal_draft_delete, name="journal_draft_delete"),
    path("<int:case_id>/fordela/", views.case_allocate, name="allocate"),
    path("<int:case_id>/avsluta/", views.case_close, name="close"),
    path("<int:case_id>/hushall/", views.case_household_link, name="household_link"),
]
