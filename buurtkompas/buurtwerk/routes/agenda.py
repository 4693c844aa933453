from django.urls import path

from buurtkompas.buurtwerk.views import agenda as views

ITEM = "agenda/<int:agenda_item_id>/"

urlpatterns = [
    path("agenda/", views.agenda_list, name="agenda"),
    path("agenda/nieuw/", views.agenda_create, name="agenda_create"),
    path(ITEM, views.agenda_item, name="agenda_item"),
    path(f"{ITEM}wijzigen/", views.agenda_edit, name="agenda_edit"),
    path(f"{ITEM}status/", views.agenda_status, name="agenda_status"),
    path(f"{ITEM}initiatief-starten/", views.agenda_take_up, name="agenda_take_up"),
    path(f"{ITEM}verwijderen/", views.agenda_delete, name="agenda_delete"),
]
