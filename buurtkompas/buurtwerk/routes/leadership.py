from django.urls import path

from buurtkompas.buurtwerk.views import leadership as views

urlpatterns = [
    path("leiderschap/", views.leadership_overview, name="leadership"),
    path("leiderschap/stap/nieuw/", views.leadership_step_create, name="leadership_step_create"),
    path(
        "leiderschap/stappen/<int:leadership_step_id>/verwijderen/",
        views.leadership_step_delete,
        name="leadership_step_delete",
    ),
    path(
        "leiderschap/bewoners/<int:contact_id>/",
        views.leadership_resident,
        name="leadership_resident",
    ),
    path(
        "leiderschap/initiatieven/<int:initiative_id>/",
        views.leadership_initiative,
        name="leadership_initiative",
    ),
]
