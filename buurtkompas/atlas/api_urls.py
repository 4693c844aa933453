from django.urls import path, re_path

from buurtkompas.atlas import api
from buurtkompas.core.public_cache import cacheable

app_name = "api"
urlpatterns = [
    path("", cacheable(api.docs), name="docs"),
    path("openapi.json", cacheable(api.spec), name="openapi"),
    path("indicators", cacheable(api.indicators), name="indicators"),
    path("regions", cacheable(api.regions), name="regions"),
    path("regions/<int:year>/<str:code>", cacheable(api.region), name="region"),
    path("values", cacheable(api.values), name="values"),
    path("index", cacheable(api.index), name="index"),
    re_path(r"^(?P<rest>.*)$", api.not_found, name="not_found"),
]
