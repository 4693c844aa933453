from django.urls import include, path

from buurtkompas.core import health
from buurtkompas.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("buurtkompas.regions.urls")),
    path("", include("buurtkompas.atlas.urls")),
    path("api/", include("buurtkompas.atlas.api_urls")),
]
