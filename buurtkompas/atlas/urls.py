from django.urls import path

from buurtkompas.atlas import map_views, views

app_name = "atlas"
urlpatterns = [
    path("atlas/", map_views.map_page, name="map"),
    path("atlas/ranglijst/", views.ranking, name="ranking"),
    path("atlas/indicatoren/", views.indicators, name="indicators"),
    path("atlas/kaart/<str:level>/<int:year>.json", map_views.shapes, name="shapes"),
    path("atlas/kaart/waarden.json", map_views.values, name="values"),
]
