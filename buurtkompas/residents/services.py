"""Writes (and audited reads) of residents' personal data and their consents."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtkompas.audit.services import log_action
from buurtkompas.residents import redaction, registry
from buurtkompas.residents.models import Consent, Contact, Purpose

CONTACT_FIELDS = ("name", "reach", "buurt", "notes")


class ConsentMissing(ValidationError):
    pass


def require_consent(contact: Contact, purpose: str, partner: str = "") -> Consent:
    """Features that need a purpose call this; it refuses when there is no active consent."""
    consent = contact.active_consent(purpose, partner)
    if consent is None:
        label = Purpose(purpose).label
        raise ConsentMissing(
            _("There is no consent from this resident for %(purpose)s. Record the consent first.")
            % {"purpose": label}
        )
    return consent


@transaction.atomic
def contact_create(
    *, actor, workspace, name: str, reach: str = "", buurt=None, notes: str = ""
) -> Contact:
    contact = Contact.objects.create(
        workspace=workspace, name=name, reach=reach, buurt=buurt, notes=notes, created_by=actor
    )
    log_action(
        actor=actor,
        workspace=workspace,
        action="residents.contact.created",
        obj=contact,
        data={"fields": [f for f in CONTACT_FIELDS if getattr(contact, f)]},
    )
    return contact


@transaction.atomic
def contact_update(*, actor, contact: Contact, **fields) -> Contact:
    changed = [k for k, v in fields.items() if getattr(contact, k) != v]
    for key, value in fields.items():
        setattr(contact, key, value)
    contact.last_activity_at = timezone.now()
    contact.save()
    log_action(
        actor=actor,
        workspace=contact.workspace,
        action="residents.contact.changed",
        obj=contact,
        data={"fields": changed},
    )
    return contact


def contact_view(*, actor, workspace, contact_id: int) -> Contact:
    """Fetch a contact to show its personal data, and log that it was seen."""
    contact = Contact.objects.prefetch_related("consents").get(workspace=workspace, pk=contact_id)
    log_action(actor=actor, workspace=workspace, action="residents.contact.viewed", obj=contact)
    return contact


@transaction.atomic
def consent_record(
    *, actor, contact: Contact, purpose: str, given_on, method: str, partner_name: str = ""
) -> Consent:
    if purpose == Purpose.SHARE and not partner_name.strip():
        raise ValidationError(_("Name the partner the resident agreed to share with."))
    consent = Consent.objects.create(
        workspace=contact.workspace,
        contact=contact,
        purpose=purpose,
        partner_name=partner_name.strip(),
        given_on=given_on,
        method=method,
        recorded_by=actor,
    )
    touch(contact)
    log_action(
        actor=actor,
        workspace=contact.workspace,
        action="residents.consent.recorded",
        obj=consent,
        data={"purpose": purpose, "method": method},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent) -> Consent:
    """Withdraw a consent; each module stops what needed it (`consent_withdrawn`)."""
    if consent.withdrawn_at:
        raise ValidationError(_("This consent was already withdrawn."))
    consent.withdrawn_at, consent.withdrawn_by = timezone.now(), actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    for module in registry.modules():
        if module.consent_withdrawn:
            module.consent_withdrawn(actor=actor, contact=consent.contact, purpose=consent.purpose)
    touch(consent.contact)
    log_action(
        actor=actor,
        workspace=consent.workspace,
        action="residents.consent.withdrawn",
        obj=consent,
        data={"purpose": consent.purpose},
    )
    return consent


def touch(contact: Contact) -> None:
    contact.last_activity_at = timezone.now()
    contact.save(update_fields=["last_activity_at"])


def contact_export(*, actor, contact: Contact) -> dict:
    """Everything held about a person (the right of access), as plain data: the team, then
    one section per registered module under its key (the PDF renders the same dict)."""
    log_action(
        actor=actor, workspace=contact.workspace, action="residents.contact.exported", obj=contact
    )
    header = {
        "name": contact.workspace.name,
        "controller": contact.workspace.lead_organisation.name,
    }
    return {"workspace": header, **{m.key: m.export(contact) for m in registry.modules()}}


def anonymise(contact: Contact) -> dict:
    """Remove the personal data; rows stay so counts and aggregates stay correct. First the
    name is redacted from the team's texts (it is still known then), then every module
    erases its part. Returns the audit data of the redaction (counts, never the name)."""
    redacted = redaction.redact_name(contact)
    for module in registry.modules():
        module.erase(contact)
    return redacted.audit_data()


@transaction.atomic
def contact_erase(*, actor, contact: Contact) -> Contact:
    data = anonymise(contact)
    log_action(
        actor=actor,
        workspace=contact.workspace,
        action="residents.contact.erased",
        obj=contact,
        data=data,
    )
    return contact


@transaction.atomic
def contacts_anonymise_inactive(*, months: int = 24, now=None, dry_run: bool = False) -> dict:
    """The retention rule: anonymise contacts without activity for `months`. Per workspace."""
    cutoff = (now or timezone.now()) - timedelta(days=round(months * 30.44))
    stale = Contact.objects.filter(anonymised_at__isnull=True, last_activity_at__lt=cutoff)
    report: dict[str, int] = {}
    for contact in stale.select_related("workspace"):
        report[contact.workspace.name] = report.get(contact.workspace.name, 0) + 1
        if not dry_run:
            data = anonymise(contact)
            log_action(
                actor=None,
                workspace=contact.workspace,
                action="residents.contact.anonymised",
                obj=contact,
                data={"rule": f"no activity for {months} months", **data},
            )
    return report
