from django.urls import include, path

from buurtkompas.atlas import home
from buurtkompas.core import health, language
from buurtkompas.core.public_cache import cacheable

urlpatterns = [
    path("", cacheable(home.home), name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("taal/", language.switch, name="language"),
    path("", include("buurtkompas.regions.urls")),
    path("", include("buurtkompas.atlas.urls")),
    path("api/", include("buurtkompas.atlas.api_urls")),
    path("account/", include("buurtkompas.accounts.urls")),
    path("account/", include("buurtkompas.workspaces.signup_urls")),
    path("platform/", include("buurtkompas.workspaces.platform_urls")),
    path("teams/", include("buurtkompas.workspaces.urls")),
    path("netwerken/", include("buurtkompas.network.urls")),
    path("kennisbank/", include("buurtkompas.knowledge.urls")),
    path("netwerken/<slug:network_slug>/mentoring/", include("buurtkompas.mentoring.urls")),
    path("teams/<int:workspace_id>/bewoners/", include("buurtkompas.residents.urls")),
    path("teams/<int:workspace_id>/huisbezoeken/", include("buurtkompas.visits.urls")),
    path("teams/<int:workspace_id>/kennisbank/", include("buurtkompas.knowledge.team_urls")),
    path("teams/<int:workspace_id>/audit/", include("buurtkompas.workspaces.audit_urls")),
    path("teams/<int:workspace_id>/", include("buurtkompas.buurtwerk.urls")),
]
