"""Readable names of the visits module's audit actions (registered in `VisitsConfig.ready()`)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "visits.visit.planned": _("household visit planned"),
    "visits.visit.cancelled": _("household visit cancelled"),
    "visits.visit.started": _("household visit started"),
    "visits.visit.step_saved": _("step of a household visit saved"),
    "visits.visit.completed": _("household visit completed"),
    "visits.visit.follow_up_planned": _("follow-up visit planned"),
    "visits.report.made": _("household report made"),
    "visits.meter_reading.added": _("meter reading added"),
    "visits.measure.fitted": _("measure recorded"),
    "visits.measure.removed": _("measure removed"),
    "visits.referral.made": _("referral made"),
    "visits.referral.status_changed": _("referral status changed"),
    "visits.housing_problems.signalled": _("housing problems passed to the signal dossier"),
    "visits.team_measure.created": _("team measure added"),
    "visits.team_measure.changed": _("team measure changed"),
    "visits.referral_service.created": _("local service added"),
    "visits.referral_service.changed": _("local service changed"),
    "visits.income.erased": _("income details erased (consent withdrawn)"),
    "visits.photos.deleted": _("meter photos deleted (consent withdrawn)"),
}
