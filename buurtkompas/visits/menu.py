"""The household visits in the team menu (registered in `VisitsConfig.ready()`)."""

from django.utils.translation import gettext_lazy as _

from buurtkompas.workspaces.navigation import NavItem, in_namespace, register


def register_all() -> None:
    # After buurtwerk's modules (100-200), before the residents (800).
    register(
        NavItem("visits:list", _("Household visits"), order=300, active=in_namespace("visits"))
    )
