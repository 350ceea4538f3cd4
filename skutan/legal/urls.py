from django.urls import path

from skutan.legal import views

app_name = "legal"
urlpatterns = [
    path("", views.references, name="references"),
]
