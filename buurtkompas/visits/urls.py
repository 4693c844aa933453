from django.urls import path

from buurtkompas.visits import views

app_name = "visits"
urlpatterns = [
    path("<int:contact_id>/plannen/", views.visit_plan, name="plan"),
]
