from django.urls import path

from skutan.quality import views

app_name = "quality"

urlpatterns = [
    path("", views.index, name="index"),
    path("avvikelse/ny/", views.report, name="report"),
    path("avvikelse/autospara/", views.autosave, name="autosave"),
    path("mina/", views.mine, name="mine"),
    path("avvikelser/<int:deviation_id>/", views.detail, name="detail"),
    path("avvikelser/<int:deviation_id>/bedom/", views.assess, name="assess"),
    path("avvikelser/<int:deviation_id>/lex-sarah/", views.classify, name="classify"),
    path("lex-sarah/<int:matter_id>/", views.lex_sarah, name="lex_sarah"),
    path("lex-sarah/<int:matter_id>/steg/<slug:step>/", views.lex_sarah_step, name="lex_sarah_step"),
    path("lex-sarah/<int:matter_id>/atgard/", views.lex_sarah_measure, name="lex_sarah_measure"),
    path("lex-sarah/<int:matter_id>/anmalan-ivo.pdf", views.lex_sarah_ivo, name="lex_sarah_ivo"),
    path("atgarder/<int:measure_id>/klar/", views.measure_done, name="measure_done"),
    path("riskanalyser/", views.risk_list, name="risk_list"),
    path("riskanalyser/<int:analysis_id>/", views.risk_detail, name="risk_detail"),
    path("riskanalyser/<int:analysis_id>/<slug:action>/", views.risk_action, name="risk_action"),
    path("statistik/", views.statistics, name="statistics"),
    path("statistik/avvikelser.<slug:fmt>", views.statistics_export, name="statistics_export"),
    path("installningar/", views.settings_page, name="settings"),
]
