"""Buurtwerk's modules in the team menu (registered in `BuurtwerkConfig.ready()`)."""

from django.utils.translation import gettext_lazy as _

from buurtkompas.workspaces.navigation import NavItem, in_namespace, register


def initiatives_active(view_name: str, namespace: str) -> bool:
    """Initiatives and their milestones, not the leadership ladder's page of an initiative."""
    ours = namespace == "buurtwerk" and "initiative" in view_name
    return (ours and "leadership" not in view_name) or "milestone" in view_name


def outreach_active(view_name: str, namespace: str) -> bool:
    return (namespace == "buurtwerk" and "outreach" in view_name) or "campaign" in view_name


MODULES = (  # url name, label, active
    ("buurtwerk:dashboard", _("Dashboard"), None),
    ("buurtwerk:agenda", _("Residents' agenda"), in_namespace("buurtwerk", "agenda")),
    ("buurtwerk:initiatives", _("Initiatives"), initiatives_active),
    ("buurtwerk:activities", _("Activities"), in_namespace("buurtwerk", "activit")),
    ("buurtwerk:assets", _("Asset map"), in_namespace("buurtwerk", "asset")),
    ("buurtwerk:leadership", _("Leadership ladder"), in_namespace("buurtwerk", "leadership")),
    ("buurtwerk:stakeholders", _("Stakeholder map"), in_namespace("buurtwerk", "stakeholder")),
    ("buurtwerk:agreements", _("Agreements"), in_namespace("buurtwerk", "agreement")),
    ("buurtwerk:signals", _("Housing signals"), in_namespace("buurtwerk", "signal")),
    ("buurtwerk:outreach", _("Outreach"), outreach_active),
    ("buurtwerk:logbook", _("Logbook"), in_namespace("buurtwerk", "logbook")),
)


def register_all() -> None:
    for position, (url_name, label, active) in enumerate(MODULES):
        register(NavItem(url_name, label, order=100 + 10 * position, active=active))
