"""Pages for platform coordinators (mounted at /platform/ from the project's urls.py)."""

from django.urls import path

from buurtkompas.workspaces import listing_views

app_name = "platform"
urlpatterns = [
    path("vermeldingen/", listing_views.listing_requests, name="listings"),
    path(
        "vermeldingen/<int:team_id>/goedkeuren/",
        listing_views.listing_approve,
        name="listing_approve",
    ),
    path(
        "vermeldingen/<int:team_id>/weigeren/",
        listing_views.listing_refuse,
        name="listing_refuse",
    ),
]
