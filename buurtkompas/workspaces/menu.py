"""Workspaces' own links in the team menu (registered in `WorkspacesConfig.ready()`)."""

from django.utils.translation import gettext_lazy as _

from buurtkompas.workspaces.navigation import NavItem, in_namespace, register

NOT_MEMBERS = {"workspaces:detail", "workspaces:settings"}


def members_active(view_name: str, namespace: str) -> bool:
    return namespace == "workspaces" and view_name not in NOT_MEMBERS


def manages(membership) -> bool:
    return membership.manages


def register_all() -> None:
    register(NavItem("workspaces:detail", _("Overview"), order=10))
    register(NavItem("workspaces:members", _("Team members"), order=900, active=members_active))
    register(NavItem("workspaces:settings", _("Settings"), order=950, visible=manages))
    register(
        NavItem(
            "audit:list", _("Audit log"), order=960, active=in_namespace("audit"), visible=manages
        )
    )
