from django.urls import path

from buurtkompas.buurtwerk.views import initiatives as views

ONE = "initiatieven/<int:initiative_id>/"
MILESTONE = f"{ONE}mijlpalen/<int:milestone_id>/"

urlpatterns = [
    path("initiatieven/", views.initiative_list, name="initiatives"),
    path("initiatieven/nieuw/", views.initiative_create, name="initiative_create"),
    path(ONE, views.initiative_detail, name="initiative"),
    path(f"{ONE}wijzigen/", views.initiative_edit, name="initiative_edit"),
    path(f"{ONE}verwijderen/", views.initiative_delete, name="initiative_delete"),
    path(f"{ONE}mijlpalen/nieuw/", views.milestone_create, name="milestone_create"),
    path(MILESTONE, views.milestone_edit, name="milestone_edit"),
    path(f"{MILESTONE}verwijderen/", views.milestone_delete, name="milestone_delete"),
]
