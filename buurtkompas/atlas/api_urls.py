from django.urls import path, re_path

from buurtkompas.atlas import api

app_name = "api"
urlpatterns = [
    path("", api.docs, name="docs"),
    path("openapi.json", api.spec, name="openapi"),
    path("indicators", api.indicators, name="indicators"),
    path("regions", api.regions, name="regions"),
    path("regions/<int:year>/<str:code>", api.region, name="region"),
    path("values", api.values, name="values"),
    path("index", api.index, name="index"),
    re_path(r"^(?P<rest>.*)$", api.not_found, name="not_found"),
]
