"""Readable names of residents' audit actions (registered in `ResidentsConfig.ready()`)."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "residents.contact.created": _("resident added"),
    "residents.contact.changed": _("resident changed"),
    "residents.contact.viewed": _("resident's details viewed"),
    "residents.contact.exported": _("resident's data exported"),
    "residents.contact.erased": _("resident's data erased"),
    "residents.contact.anonymised": _("resident anonymised (retention period)"),
    "residents.consent.recorded": _("consent recorded"),
    "residents.consent.withdrawn": _("consent withdrawn"),
}
