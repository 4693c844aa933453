from django.urls import path

from buurtkompas.core.public_cache import cacheable
from buurtkompas.regions import views

app_name = "regions"
urlpatterns = [
    path("gemeenten/", cacheable(views.gemeente_list), name="gemeente_list"),
    path("zoeken/", cacheable(views.search), name="search"),
    path("regio/<int:year>/<str:code>/", cacheable(views.region_detail), name="detail"),
]
