"""Readable names of the network's audit action codes (`audit.labels.register`)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "network.network.created": _("Network created"),
    "network.member.added": _("Member added to the network"),
    "network.member.role_changed": _("Network role changed"),
    # events
    "network.event.created": _("Event created"),
    "network.event.changed": _("Event changed"),
    "network.event.published": _("Event published"),
    "network.event.cancelled": _("Event cancelled"),
    "network.programme_item.added": _("Programme item added"),
    "network.programme_item.changed": _("Programme item changed"),
    "network.programme_item.deleted": _("Programme item removed"),
    "network.registration.created": _("Registration for an event"),
    "network.registration.confirmed": _("Guest registration confirmed"),
    "network.registration.cancelled": _("Registration cancelled"),
    "network.registration.promoted": _("Moved up from the waitlist"),
    "network.registration.checked_in": _("Checked in at the door"),
    "network.registration.check_in_undone": _("Check-in undone"),
    "network.registration.walk_in": _("Walk-in added at the door"),
    "network.feedback_question.saved": _("Feedback question saved"),
    "network.feedback.given": _("Feedback given"),
    # the verslag
    "network.report.saved": _("Report of an event saved"),
    "network.report.published": _("Report published"),
    "network.report.unpublished": _("Report withdrawn"),
    "network.report.photo_added": _("Photo added to a report"),
    "network.report.photo_deleted": _("Photo removed from a report"),
    # members
    "network.join_request.created": _("Request to join the network"),
    "network.join_request.decided": _("Request to join decided"),
    "network.invitation.created": _("Invitation to the network sent"),
    "network.invitation.accepted": _("Invitation to the network accepted"),
    "network.member.left": _("Left the network"),
    "network.member.removed": _("Removed from the network"),
    "network.profile.saved": _("Member profile saved"),
    "network.profile.deleted": _("Member profile deleted"),
}
