from django.urls import path

from buurtkompas.atlas import views

app_name = "atlas"
urlpatterns = [
    path("atlas/ranglijst/", views.ranking, name="ranking"),
]
