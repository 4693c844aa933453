"""Residents' link in the team menu (registered in `ResidentsConfig.ready()`)."""

from django.utils.translation import gettext_lazy as _

from buurtkompas.workspaces.navigation import NavItem, in_namespace, register


def register_all() -> None:
    register(NavItem("residents:list", _("Residents"), order=800, active=in_namespace("residents")))
