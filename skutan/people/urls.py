from django.urls import path

from skutan.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_search, name="search"),
    path("ny/", views.person_create, name="create"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/andra/", views.person_edit, name="edit"),
]
