from django.urls import path

from buurtkompas.atlas import map_views, profile_pdf, views

app_name = "atlas"
urlpatterns = [
    path("atlas/", map_views.map_page, name="map"),
    path("atlas/ranglijst/", views.ranking, name="ranking"),
    path("atlas/indicatoren/", views.indicators, name="indicators"),
    path(
        "atlas/profiel/<int:year>/<str:code>.pdf",
        profile_pdf.profile_pdf_view,
        name="profile_pdf",
    ),
    path("atlas/kaart/<str:level>/<int:year>.json", map_views.shapes, name="shapes"),
    path("atlas/kaart/waarden.json", map_views.values, name="values"),
]
