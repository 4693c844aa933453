"""URLs of the team workspace modules, mounted at /teams/<workspace_id>/ (namespace buurtwerk)."""

from buurtkompas.buurtwerk.routes import (
    activities,
    agenda,
    assets,
    dashboard,
    initiatives,
    leadership,
    logbook,
    outreach,
    signals,
    stakeholders,
)

app_name = "buurtwerk"
urlpatterns = [
    *dashboard.urlpatterns,
    *agenda.urlpatterns,
    *initiatives.urlpatterns,
    *activities.urlpatterns,
    *assets.urlpatterns,
    *leadership.urlpatterns,
    *stakeholders.urlpatterns,
    *signals.urlpatterns,
    *outreach.urlpatterns,
    *logbook.urlpatterns,
]
