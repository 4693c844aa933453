"""Reads of a team's residents. Every query is filtered by workspace; nothing here writes or
audits (the audited read of one contact's personal data is `services.contact_view`)."""

from django.db.models import Count, F, Q

from buurtkompas.regions.models import Level, Region
from buurtkompas.residents.models import Consent, Contact, Purpose
from buurtkompas.workspaces.access import record_for_reading

SEARCH_LIMIT = 100


def buurt_choices(workspace):
    """The buurten a team covers: its buurten, plus the buurten inside the wijken it covers."""
    covered = workspace.regions.all()
    return (
        Region.objects.buurten()
        .filter(
            Q(pk__in=covered.filter(level=Level.BUURT))
            | Q(parent__in=covered.filter(level=Level.WIJK))
        )
        .order_by("name", "code")
    )


def contact_list(workspace, query: str = ""):
    """Contacts with their buurt and consents; anonymised ones last (they have no name)."""
    contacts = (
        Contact.objects.filter(workspace=workspace)
        .select_related("buurt")
        .prefetch_related("consents")
        .order_by(F("anonymised_at").asc(nulls_first=True), "name", "id")
    )
    query = query.strip()
    if query:
        contacts = contacts.filter(
            Q(name__icontains=query) | Q(buurt__name__icontains=query), anonymised_at__isnull=True
        )[:SEARCH_LIMIT]
    return contacts


def contact_aggregates(workspace) -> dict:
    """Counts without names, for members who may not see personal data."""
    contacts = Contact.objects.filter(workspace=workspace)
    per_buurt = contacts.values("buurt__name").annotate(n=Count("id")).order_by("buurt__name")
    active = Consent.objects.filter(
        workspace=workspace, withdrawn_at__isnull=True, contact__anonymised_at__isnull=True
    )
    per_purpose = dict(
        active.values_list("purpose").annotate(n=Count("contact", distinct=True)).order_by()
    )
    return {
        "total": contacts.count(),
        "anonymised": contacts.filter(anonymised_at__isnull=False).count(),
        "per_buurt": [(row["buurt__name"] or "", row["n"]) for row in per_buurt],
        "per_purpose": [(p.label, per_purpose.get(p.value, 0)) for p in Purpose],
    }


def live_contacts():
    """Contacts that still hold personal data (fetch one with `workspaces.access`)."""
    return Contact.objects.prefetch_related("consents").filter(anonymised_at__isnull=True)


def live_consents():
    return Consent.objects.select_related("contact", "workspace").filter(
        contact__anonymised_at__isnull=True
    )


def live_contact(request, contact_id) -> Contact:
    """A live contact of the request's team; 404 for anything else (forged or erased ids)."""
    return record_for_reading(request, live_contacts(), contact_id)


def consents_of(contact: Contact):
    return contact.consents.select_related("recorded_by", "withdrawn_by").order_by(
        "-given_on", "-id"
    )
