from django.urls import path

from buurtkompas.atlas import map_views, profile_pdf, views
from buurtkompas.core.public_cache import cacheable

app_name = "atlas"
urlpatterns = [
    path("atlas/", cacheable(map_views.map_page), name="map"),
    path("atlas/ranglijst/", cacheable(views.ranking), name="ranking"),
    path("atlas/indicatoren/", cacheable(views.indicators), name="indicators"),
    path(
        "atlas/profiel/<int:year>/<str:code>.pdf",
        cacheable(profile_pdf.profile_pdf_view),
        name="profile_pdf",
    ),
    path("atlas/kaart/<str:level>/<int:year>.json", cacheable(map_views.shapes), name="shapes"),
    path("atlas/kaart/waarden.json", cacheable(map_views.values), name="values"),
]
