"""Writes of the krachtenveld: parties and the agreements made with them. Each is one
transaction and writes the audit log (which fields changed, never their text)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from buurtkompas.audit.services import log_action
from buurtkompas.buurtwerk.models import Agreement, Initiative, LogEntry, Stakeholder
from buurtkompas.workspaces.models import Membership


def changes(obj, fields: dict) -> list[str]:
    changed = [key for key, value in fields.items() if getattr(obj, key) != value]
    for key, value in fields.items():
        setattr(obj, key, value)
    return changed


@transaction.atomic
def stakeholder_create(*, actor, workspace, **fields) -> Stakeholder:
    stakeholder = Stakeholder.objects.create(workspace=workspace, created_by=actor, **fields)
    log_action(
        actor=actor,
        workspace=workspace,
        action="buurtwerk.stakeholder.created",
        obj=stakeholder,
        data={"kind": stakeholder.kind},
    )
    return stakeholder


@transaction.atomic
def stakeholder_update(*, actor, stakeholder: Stakeholder, **fields) -> Stakeholder:
    changed = changes(stakeholder, fields)
    stakeholder.save()
    log_action(
        actor=actor,
        workspace=stakeholder.workspace,
        action="buurtwerk.stakeholder.changed",
        obj=stakeholder,
        data={"fields": changed},
    )
    return stakeholder


@transaction.atomic
def stakeholder_delete(*, actor, stakeholder: Stakeholder) -> None:
    """Deletes the party and its agreements; initiatives and logbook notes lose the link."""
    scope = {"workspace": stakeholder.workspace_id}
    log_action(
        actor=actor,
        workspace=stakeholder.workspace,
        action="buurtwerk.stakeholder.deleted",
        obj=stakeholder,
        data={
            "kind": stakeholder.kind,
            "agreements": Agreement.objects.filter(**scope, stakeholder=stakeholder).count(),
            "initiatives": Initiative.objects.filter(**scope, partners=stakeholder).count(),
            "log_entries": LogEntry.objects.filter(**scope, stakeholders=stakeholder).count(),
        },
    )
    stakeholder.delete()


def check_owner(workspace, owner) -> None:
    if (
        owner is not None
        and not Membership.objects.filter(workspace=workspace, user=owner).exists()
    ):
        raise ValidationError({"owner": _("Choose a member of this team.")})


def audit_agreement(*, actor, agreement: Agreement, verb: str, **data) -> None:
    log_action(
        actor=actor,
        workspace=agreement.workspace,
        action=f"buurtwerk.agreement.{verb}",
        obj=agreement,
        data={"stakeholder": agreement.stakeholder_id, "status": agreement.status, **data},
    )


@transaction.atomic
def agreement_create(*, actor, stakeholder: Stakeholder, what: str, **fields) -> Agreement:
    check_owner(stakeholder.workspace, fields.get("owner"))
    agreement = Agreement.objects.create(
        workspace=stakeholder.workspace,
        stakeholder=stakeholder,
        created_by=actor,
        what=what,
        **fields,
    )
    audit_agreement(actor=actor, agreement=agreement, verb="created")
    return agreement


@transaction.atomic
def agreement_update(*, actor, agreement: Agreement, **fields) -> Agreement:
    check_owner(agreement.workspace, fields.get("owner", agreement.owner))
    changed = changes(agreement, fields)
    agreement.save()
    audit_agreement(actor=actor, agreement=agreement, verb="changed", fields=changed)
    return agreement


@transaction.atomic
def agreement_delete(*, actor, agreement: Agreement) -> None:
    audit_agreement(actor=actor, agreement=agreement, verb="deleted")
    agreement.delete()
