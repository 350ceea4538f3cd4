from django.urls import path

from skutan.logreview import views

app_name = "logreview"
urlpatterns = [
    path("", views.item_list, name="items"),
    path("kor/", views.run_now, name="run"),
    path("<int:item_id>/", views.item_detail, name="item"),
]
