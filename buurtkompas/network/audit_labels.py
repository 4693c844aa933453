"""Readable names of the network's audit action codes (`audit.labels.register`)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "network.network.created": _("Network created"),
    "network.member.added": _("Member added to the network"),
    "network.member.role_changed": _("Network role changed"),
}
