"""Reads of a team's residents. Every query is filtered by workspace; nothing here writes or
audits (the audited read of one contact's personal data is `services.contact_view`)."""

from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404

from buurtkompas.regions.models import Level, Region
from buurtkompas.residents.models import Consent, Contact, Purpose

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


def live_contact_or_404(workspace, contact_id: int) -> Contact:
    """A contact of this team that still holds personal data; 404 for anything else."""
    return get_object_or_404(
        Contact.objects.prefetch_related("consents"),
        workspace=workspace,
        pk=contact_id,
        anonymised_at__isnull=True,
    )


def live_consent_or_404(workspace, contact_id: int, consent_id: int) -> Consent:
    return get_object_or_404(
        Consent.objects.select_related("contact", "workspace"),
        workspace=workspace,
        contact_id=contact_id,
        pk=consent_id,
        contact__anonymised_at__isnull=True,
    )


def consents_of(contact: Contact):
    return contact.consents.select_related("recorded_by", "withdrawn_by").order_by(
        "-given_on", "-id"
    )
