from django.urls import path

from buurtkompas.buurtwerk.views import assets as views

urlpatterns = [
    path("krachtenkaart/", views.asset_list, name="assets"),
    path("krachtenkaart/kaart/", views.asset_map, name="asset_map"),
    path("krachtenkaart/nieuw/", views.asset_create, name="asset_create"),
    path("krachtenkaart/<int:asset_id>/", views.asset_detail, name="asset_detail"),
    path("krachtenkaart/<int:asset_id>/wijzigen/", views.asset_edit, name="asset_edit"),
    path("krachtenkaart/<int:asset_id>/verwijderen/", views.asset_delete, name="asset_delete"),
    path("krachtenkaart/<int:asset_id>/verbinden/", views.asset_connect, name="asset_connect"),
    path(
        "krachtenkaart/<int:asset_id>/ontkoppelen/",
        views.asset_disconnect,
        name="asset_disconnect",
    ),
]
