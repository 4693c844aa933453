from django.urls import path

from buurtkompas.regions import views

app_name = "regions"
urlpatterns = [
    path("gemeenten/", views.gemeente_list, name="gemeente_list"),
    path("zoeken/", views.search, name="search"),
    path("regio/<int:year>/<str:code>/", views.region_detail, name="detail"),
]
