from django.urls import path

from buurtkompas.buurtwerk.views import activities as views

urlpatterns = [
    path("activiteiten/", views.activity_list, name="activities"),
    path("activiteiten/nieuw/", views.activity_create, name="activity_create"),
    path("activiteiten/<int:activity_id>/", views.activity_detail, name="activity"),
    path("activiteiten/<int:activity_id>/wijzigen/", views.activity_edit, name="activity_edit"),
    path(
        "activiteiten/<int:activity_id>/verwijderen/",
        views.activity_delete,
        name="activity_delete",
    ),
    path(
        "activiteiten/<int:activity_id>/aanmelden/",
        views.activity_register,
        name="activity_register",
    ),
    path(
        "activiteiten/<int:activity_id>/aanmeldingen/<int:contact_id>/afmelden/",
        views.activity_unregister,
        name="activity_unregister",
    ),
]
