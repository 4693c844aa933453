from django.urls import path

from buurtkompas.buurtwerk.views import logbook as views

urlpatterns = [
    path("logboek/", views.log_entry_list, name="logbook"),
    path("logboek/nieuw/", views.log_entry_create, name="logbook_create"),
    path("logboek/<int:log_entry_id>/", views.log_entry_detail, name="logbook_entry"),
    path("logboek/<int:log_entry_id>/wijzigen/", views.log_entry_edit, name="logbook_edit"),
    path("logboek/<int:log_entry_id>/verwijderen/", views.log_entry_delete, name="logbook_delete"),
]
