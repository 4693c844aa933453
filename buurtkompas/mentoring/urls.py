"""Mounted at netwerken/<slug:network_slug>/mentoring/ (buurtkompas/urls.py)."""

from django.urls import path

from buurtkompas.mentoring import views

app_name = "mentoring"
T = "trajecten/<int:trajectory_id>/"
urlpatterns = [
    path("", views.home, name="home"),
    path("aanbod/", views.offer, name="offer"),
    path("aanbod/intrekken/", views.offer_withdraw, name="offer_withdraw"),
    path("vraag/", views.rookie_request, name="request"),
    path("vraag/intrekken/", views.request_withdraw, name="request_withdraw"),
    path("koppelen/", views.match_list, name="match_list"),
    path("koppelen/<int:request_id>/", views.match, name="match"),
    path("overzicht/", views.overview, name="overview"),
    path("overzicht.csv", views.overview_csv, name="overview_csv"),
    path(T, views.trajectory, name="trajectory"),
    path(T + "antwoord/", views.answer, name="answer"),
    path(T + "intake/", views.intake, name="intake"),
    path(T + "gesprekken/nieuw/", views.meeting_new, name="meeting_new"),
    path(T + "gesprekken/<int:meeting_id>/", views.meeting_edit, name="meeting_edit"),
    path(T + "tussenevaluatie/", views.midterm, name="midterm"),
    path(T + "eindevaluatie/", views.end_evaluation, name="end_evaluation"),
    path(T + "beeindigen/", views.end_early, name="end_early"),
]
