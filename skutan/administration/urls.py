from django.urls import path

from skutan.administration import views

app_name = "administration"
urlpatterns = [
    path("", views.home, name="home"),
    path("avdelningar/", views.departments, name="departments"),
    path("enheter/", views.units, name="units"),
    path("enheter/<int:unit_id>/", views.unit_detail, name="unit"),
    path("anvandare/", views.users, name="users"),
    path("anvandare/import/", views.user_import, name="user_import"),
    path("anvandare/<int:user_id>/", views.user_detail, name="user"),
    path("anvandare/<int:user_id>/aktiv/", views.user_active, name="user_active"),
    path("medlemskap/<int:membership_id>/ta-bort/", views.membership_remove, name="membership_remove"),
    path("delegationer/", views.delegations, name="delegations"),
    path("delegationer/rapport/", views.delegation_report, name="delegation_report"),
    path("delegationer/<int:delegation_id>/avsluta/", views.delegation_end, name="delegation_end"),
    path("behorigheter/", views.special_rights, name="special_rights"),
    path("behorigheter/<int:right_id>/aterkalla/", views.special_right_revoke, name="special_right_revoke"),
]
