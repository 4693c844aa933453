"""What `residents` itself holds about a resident, registered like every other module
(`residents.registry`): the contact, the consents and the history of what was done with them.
Registered in `ResidentsConfig.ready()`."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buurtkompas.audit.models import AuditEvent
from buurtkompas.residents.models import Consent, Contact, Method, Purpose
from buurtkompas.residents.pdf import ACTIONS, label, when
from buurtkompas.residents.registry import PersonalData, register


def contact_export(contact: Contact) -> dict:
    return {
        "id": contact.pk,
        "name": contact.name,
        "reach": contact.reach,
        "buurt": contact.buurt.name if contact.buurt_id else "",
        "notes": contact.notes,
        "created_at": contact.created_at.isoformat(),
        "last_activity_at": contact.last_activity_at.isoformat(),
    }


def contact_erase(contact: Contact) -> None:
    """The row stays (as "#12", with its buurt) so counts and aggregates stay correct."""
    contact.name = contact.reach = contact.notes = ""
    contact.anonymised_at = timezone.now()
    contact.save(update_fields=["name", "reach", "notes", "anonymised_at"])


def contact_rows(data: dict) -> list[tuple[str, str]]:
    return [
        (_("Name or nickname"), data["name"]),
        (_("How to reach"), data["reach"]),
        (_("Buurt"), data["buurt"]),
        (_("Short notes"), data["notes"]),
        (_("Recorded on"), when(data["created_at"])),
        (_("Last activity"), when(data["last_activity_at"])),
    ]


def consents_export(contact: Contact) -> list[dict]:
    return [
        {
            "purpose": c.purpose,
            "partner": c.partner_name,
            "given_on": c.given_on.isoformat(),
            "method": c.method,
            "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
        }
        for c in Consent.objects.filter(contact=contact)
    ]


def consents_erase(contact: Contact) -> None:
    """Purpose and dates stay (the proof of the legal basis); the partner's name goes."""
    Consent.objects.filter(contact=contact).update(partner_name="")


def consent_row(consent: dict) -> tuple[str, str]:
    purpose = label(Purpose, consent["purpose"])
    if consent["partner"]:
        purpose = f"{purpose} ({consent['partner']})"
    text = _("given on %(date)s, %(method)s") % {
        "date": when(consent["given_on"]),
        "method": label(Method, consent["method"]),
    }
    if consent["withdrawn_at"]:
        text += "; " + _("withdrawn on %(date)s") % {"date": when(consent["withdrawn_at"])}
    return purpose, text


def history_export(contact: Contact) -> list[dict]:
    events = AuditEvent.objects.filter(object_type="residents.contact", object_id=str(contact.pk))
    return [{"at": e.at.isoformat(), "action": e.action} for e in events]


def history_erase(contact: Contact) -> None:
    """Nothing to erase: the audit trail never holds personal data, only who did what when."""


def history_rows(data: list[dict]) -> list[tuple[str, str]]:
    return [(when(e["at"]), str(ACTIONS.get(e["action"], e["action"]))) for e in data]


def register_all() -> None:
    register(
        PersonalData(
            key="contact",
            title=gettext_lazy("Personal data"),
            models=(Contact,),
            export=contact_export,
            erase=contact_erase,
            rows=contact_rows,
            free_text=((Contact, ("reach", "notes")),),
            order=10,
        )
    )
    register(
        PersonalData(
            key="consents",
            title=gettext_lazy("Consents"),
            models=(Consent,),
            export=consents_export,
            erase=consents_erase,
            rows=lambda data: [consent_row(c) for c in data],
            order=20,
        )
    )
    register(
        PersonalData(
            key="history",
            title=gettext_lazy("History"),
            export=history_export,
            erase=history_erase,
            rows=history_rows,
            order=90,
        )
    )
