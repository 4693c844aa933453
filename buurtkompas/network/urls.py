from django.urls import path

from buurtkompas.network import views

app_name = "network"
urlpatterns = [
    path("", views.network_list, name="list"),
    path("<slug:network_slug>/", views.network_home, name="home"),
]
