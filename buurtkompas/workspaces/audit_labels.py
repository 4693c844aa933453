"""Readable names of workspaces' audit actions (registered in `WorkspacesConfig.ready()`)."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "workspaces.listing.requested": _("public listing requested"),
    "workspaces.listing.approved": _("public listing approved"),
    "workspaces.listing.refused": _("public listing refused"),
    "workspaces.listing.withdrawn": _("public listing withdrawn"),
    "workspaces.workspace.created": _("team created"),
    "workspaces.workspace.changed": _("team settings changed"),
    "workspaces.invitation.created": _("invitation sent"),
    "workspaces.invitation.accepted": _("invitation accepted"),
    "workspaces.invitation.revoked": _("invitation withdrawn"),
    "workspaces.membership.changed": _("member's role changed"),
    "workspaces.membership.removed": _("member removed"),
    "workspaces.membership.left": _("member left the team"),
}
