from django.urls import path

from skutan.assistance import views, views_decisions, views_register, views_simulation

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
    path("beslut/<int:decision_id>/brev/skickat/", views.decision_letter_sent, name="decision_letter_sent"),
    # Not personal data: the year and the guideline travel as parameters, not URL kwargs (see the access-log test).
    path("riksnorm/", views.norm_year, name="norm_tables"),
    path("riktlinjer/", views.guidelines, name="guidelines"),
    path("riktlinjer/avsluta/", views.guideline_end, name="guideline_end"),
    path("regelsimulering/", views_simulation.simulation, name="simulation"),
    # Decisions beyond the month (views_decisions.py): one-off needs, changes, appeals, återkrav, third parties.
    path("arenden/<int:case_id>/beslut/", views_decisions.case_decisions, name="case_decisions"),
    path("arenden/<int:case_id>/enstaka/", views_decisions.one_off_new, name="one_off_new"),
    path("arenden/<int:case_id>/aterkrav/", views_decisions.claim_new, name="claim_new"),
    path("beslut/<str:kind>/<int:decision_id>/andra/", views_decisions.decision_revise_view, name="decision_revise"),
    path("beslut/<str:kind>/<int:decision_id>/overklagande/", views_decisions.appeal_new, name="appeal_new"),
    path("beslut/<int:decision_id>/annan-mottagare/", views_decisions.third_party_new, name="third_party_new"),
    path("enstaka/<int:one_off_id>/brev.pdf", views_decisions.one_off_letter, name="one_off_letter"),
    path("enstaka/<int:one_off_id>/brev/skickat/", views_decisions.one_off_letter_sent, name="one_off_letter_sent"),
    path("enstaka/<int:one_off_id>/annan-mottagare/", views_decisions.one_off_third_party_new,
         name="one_off_third_party_new"),
    path("andring/<int:revision_id>/brev.pdf", views_decisions.revision_letter, name="revision_letter"),
    path("andring/<int:revision_id>/brev/skickat/", views_decisions.revision_letter_sent,
         name="revision_letter_sent"),
    path("overklagande/<int:appeal_id>/<str:step>/", views_decisions.appeal_step, name="appeal_step"),
    path("overklagande/<int:appeal_id>/avvisning.pdf", views_decisions.appeal_letter, name="appeal_letter"),
    path("overklagande/<int:appeal_id>/avvisning/skickat/", views_decisions.appeal_letter_sent,
         name="appeal_letter_sent"),
    path("aterkrav/<int:claim_id>/", views_decisions.claim_detail, name="claim"),
    path("aterkrav/<int:claim_id>/brev.pdf", views_decisions.claim_letter, name="claim_letter"),
    path("aterkrav/<int:claim_id>/brev/skickat/", views_decisions.claim_letter_sent, name="claim_letter_sent"),
    path("aterkrav/<int:claim_id>/<str:step>/", views_decisions.claim_step, name="claim_step"),
    path("frister/", views_decisions.deadline_board, name="board"),
    path("register/", views_register.register_page, name="register"),
    path("register/fil/", views_register.register_file, name="register_file"),
    path("register/export/", views_register.register_export, name="register_export"),
    path("register/export/<int:register_export_id>/", views_register.register_download, name="register_download"),
]
