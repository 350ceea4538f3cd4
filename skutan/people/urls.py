from django.urls import path

from skutan.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_search, name="search"),
    path("ny/", views.person_create, name="create"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/andra/", views.person_edit, name="edit"),
    path("<int:person_id>/hushall/", views.household, name="household"),
    path("<int:person_id>/hushall/medlemmar/", views.household_member_add, name="household_member_add"),
    path("<int:person_id>/hushall/sambor/", views.household_cohabiting, name="household_cohabiting"),
    path(
        "<int:person_id>/hushall/medlemmar/<int:member_id>/avsluta/", views.household_member_end,
        name="household_member_end",
    ),
]
