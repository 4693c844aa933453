"""Readable names of mentoring's audit action codes (`audit.labels.register`). The audit data
holds numbers and choices only: never a text the members typed, never the private notes."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "mentoring.offer.saved": _("Offer to be a master saved"),
    "mentoring.offer.withdrawn": _("Offer to be a master withdrawn"),
    "mentoring.request.saved": _("Request for a master saved"),
    "mentoring.request.withdrawn": _("Request for a master withdrawn"),
    "mentoring.trajectory.proposed": _("Mentoring pair proposed"),
    "mentoring.trajectory.answered": _("Answer to a mentoring proposal"),
    "mentoring.trajectory.intake_saved": _("Mentoring intake saved"),
    "mentoring.trajectory.completed": _("Mentoring trajectory completed"),
    "mentoring.trajectory.ended_early": _("Mentoring trajectory ended early"),
    "mentoring.meeting.logged": _("Mentoring meeting logged"),
    "mentoring.meeting.changed": _("Mentoring meeting changed"),
    "mentoring.evaluation.saved": _("Mentoring evaluation saved"),
    "mentoring.reminder.sent": _("Mentoring reminder sent"),
}
