from django.urls import path

from skutan.assistance import views, views_register, views_simulation

app_name = "assistance"
urlpatterns = [
    path("", views.home, name="home"),
    path("arenden/<int:case_id>/", views.case_months, name="case_months"),
    path("arenden/<int:case_id>/ny/", views.application_new, name="application_new"),
    path("arenden/<int:case_id>/avslutsorsak/", views.case_closing_code, name="case_closing_code"),
    path("ansokan/<int:application_id>/", views.application_detail, name="application"),
    path("ansokan/<int:application_id>/berakna/", views.application_calculate, name="application_calculate"),
    path("ansokan/<int:application_id>/beslut/", views.application_decide, name="application_decide"),
    path("ansokan/<int:application_id>/ny-manad/", views.application_renew, name="application_renew"),
    path("beslut/<int:decision_id>/brev.pdf", views.decision_letter, name="decision_letter"),
    # Not personal data: the year and the guideline travel as parameters, not URL kwargs (see the access-log test).
    path("riksnorm/", views.norm_year, name="norm_tables"),
    path("riktlinjer/", views.guidelines, name="guidelines"),
    path("riktlinjer/avsluta/", views.guideline_end, name="guideline_end"),
    path("regelsimulering/", views_simulation.simulation, name="simulation"),
    path("register/", views_register.register_page, name="register"),
    path("register/fil/", views_register.register_file, name="register_file"),
]
