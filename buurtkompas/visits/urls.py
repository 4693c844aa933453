from django.urls import path

from buurtkompas.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.visit_list, name="list"),
    path("overzicht/", views.visit_overview, name="overview"),
    path("<int:contact_id>/plannen/", views.visit_plan, name="plan"),
    path("bezoek/<int:visit_id>/", views.visit_detail, name="detail"),
    path("bezoek/<int:visit_id>/voorbereiden/", views.visit_prepare, name="prepare"),
    path("bezoek/<int:visit_id>/starten/", views.visit_start, name="start"),
    path("bezoek/<int:visit_id>/verder/", views.visit_resume, name="resume"),
    path("bezoek/<int:visit_id>/stap/<slug:step>/", views.visit_step, name="step"),
    path(
        "bezoek/<int:visit_id>/maatregelen/<int:measure_id>/verwijderen/",
        views.measure_remove,
        name="measure_remove",
    ),
    path(
        "bezoek/<int:visit_id>/doorverwijzingen/<int:referral_id>/status/",
        views.referral_status,
        name="referral_status",
    ),
    path(
        "bezoek/<int:visit_id>/meterstanden/<int:reading_id>/foto/",
        views.reading_photo,
        name="reading_photo",
    ),
    path("bezoek/<int:visit_id>/rapport/", views.visit_report, name="report"),
    path("bezoek/<int:visit_id>/vervolgbezoek/", views.visit_follow_up, name="follow_up"),
    path("maatregelen/", views.team_measures, name="team_measures"),
    path("maatregelen/<int:team_measure_id>/", views.team_measures, name="team_measure_edit"),
    path("diensten/", views.referral_services, name="services"),
    path("diensten/<int:service_id>/", views.referral_services, name="service_edit"),
]
