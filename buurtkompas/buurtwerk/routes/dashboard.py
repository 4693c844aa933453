from django.urls import path

from buurtkompas.buurtwerk.views import dashboard as views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
